import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { localDatabaseUrl } from "../../lib/local-stack";
import { StackError, type StackContext } from "./context";
import { run, sleep, tailFile, waitFor, type RunResult } from "./exec";
import { assertPortFree } from "./ports";
import { cwdMatches, procInfo, removeFile } from "./processes";
import type { ServiceStatus } from "./service";

/**
 * The project's own PostgreSQL cluster (Debian's server binaries, not Debian's cluster management):
 * data in `<dataDir>/pg`, loopback only, trust auth. Debian's package may have created its own
 * cluster under /var/lib/postgresql; that one is never started and is unrelated.
 */

export interface PostgresPaths {
  dataDir: string;
  socketDir: string;
  logFile: string;
}

/** Unix socket paths are limited to 107 bytes (sun_path); deep checkouts can exceed that. */
const MAX_SOCKET_PATH = 100;

export function postgresPaths(ctx: StackContext): PostgresPaths {
  let socketDir = path.join(ctx.runDir, "pg");
  if (`${socketDir}/.s.PGSQL.${ctx.stack.pg.port}.lock`.length > MAX_SOCKET_PATH) {
    const hash = crypto.createHash("sha1").update(ctx.stack.dataDir).digest("hex").slice(0, 10);
    socketDir = path.join(os.tmpdir(), `likeness-pg-${hash}`);
  }
  return {
    dataDir: path.join(ctx.stack.dataDir, "pg"),
    socketDir,
    logFile: path.join(ctx.logsDir, "postgres.log"),
  };
}

/**
 * /usr/lib/postgresql/<version>/bin. An existing cluster pins the major version (a server of another
 * major version refuses its data dir); otherwise the highest installed one.
 */
export function findPgBinDir(preferredMajor?: string): string {
  const base = "/usr/lib/postgresql";
  const complete = (dir: string) =>
    ["postgres", "initdb", "pg_ctl"].every((b) => fs.existsSync(path.join(dir, b)));
  let versions: string[] = [];
  try {
    versions = fs
      .readdirSync(base)
      .filter((v) => /^\d+(\.\d+)?$/.test(v) && complete(path.join(base, v, "bin")));
  } catch {
    // No PostgreSQL at all: handled below.
  }
  versions.sort((a, b) => Number(b) - Number(a));
  if (preferredMajor !== undefined) {
    if (versions.includes(preferredMajor)) return path.join(base, preferredMajor, "bin");
    throw new StackError(
      `the local cluster was created by PostgreSQL ${preferredMajor}, but only [${versions.join(", ") || "none"}] is installed` +
        ` under ${base}. Install postgresql-${preferredMajor}, or delete the cluster to recreate it (its data is lost).`,
    );
  }
  const highest = versions[0];
  if (highest === undefined) {
    throw new StackError(
      `PostgreSQL server binaries not found under ${base}. Run: bash scripts/ensure-system.sh`,
    );
  }
  return path.join(base, highest, "bin");
}

const isRoot = () => process.getuid?.() === 0;

/**
 * initdb refuses to run as root, and the server must not either; as root we switch to the `postgres`
 * user that Debian's package creates. Run by a normal user, the cluster simply belongs to that user.
 */
function asPostgres(command: string, args: readonly string[]): Promise<RunResult> {
  // cwd "/" so the postgres user never depends on being able to enter the caller's directory.
  return isRoot()
    ? run("runuser", ["-u", "postgres", "--", command, ...args], { cwd: "/" })
    : run(command, args, { cwd: "/" });
}

function chownToPostgres(target: string): void {
  if (!isRoot()) return;
  const { uid, gid } = postgresUser();
  fs.chownSync(target, uid, gid);
}

let cachedUser: { uid: number; gid: number } | undefined;
function postgresUser(): { uid: number; gid: number } {
  if (cachedUser !== undefined) return cachedUser;
  const line = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  const fields = line?.split(":");
  if (fields === undefined || fields[2] === undefined || fields[3] === undefined) {
    throw new StackError(
      "user `postgres` does not exist (it comes with Debian's postgresql package). Run: bash scripts/ensure-system.sh",
    );
  }
  cachedUser = { uid: Number(fields[2]), gid: Number(fields[3]) };
  return cachedUser;
}

/**
 * The server runs as `postgres` and must be able to reach its data, socket and log paths: every
 * ancestor needs the "others may traverse" bit. Only x is added (never r or w), and only where missing.
 */
function makeAncestorsTraversable(target: string): void {
  if (!isRoot()) return;
  let dir = path.dirname(target);
  for (;;) {
    const mode = fs.statSync(dir).mode & 0o7777;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
}

function readPostmasterPid(
  dataDir: string,
): { pid: number; port: number | undefined; status: string } | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(lines[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const port = Number.parseInt(lines[3] ?? "", 10);
  return { pid, port: Number.isInteger(port) ? port : undefined, status: (lines[7] ?? "").trim() };
}

/** The postmaster's pid when our cluster's server is alive (its postmaster.pid names a live `postgres`). */
export function postgresPid(ctx: StackContext): number | undefined {
  const { dataDir } = postgresPaths(ctx);
  const lock = readPostmasterPid(dataDir);
  if (lock === undefined) return undefined;
  const info = procInfo(lock.pid);
  if (info === undefined || (info.comm !== "postgres" && info.comm !== "")) return undefined;
  // After a restart the stale pid may belong to some other cluster's postmaster (another profile, the
  // system one): `pg_ctl stop` would signal it. The postmaster's cwd is its data dir.
  return cwdMatches(lock.pid, dataDir) ? lock.pid : undefined;
}

/** True when the server accepts a connection and runs a query. */
export async function postgresAnswers(ctx: StackContext, database = "postgres"): Promise<boolean> {
  const client = new Client({
    host: "127.0.0.1",
    port: ctx.stack.pg.port,
    user: ctx.stack.pg.user,
    database,
    connectionTimeoutMillis: 2000,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function postgresStatusOf(
  ctx: StackContext,
  pid: number | undefined,
  detail?: string,
): ServiceStatus {
  return {
    name: "pg",
    state: pid === undefined ? "stopped" : "running",
    port: ctx.stack.pg.port,
    pid,
    url: localDatabaseUrl(ctx.stack),
    detail,
  };
}

export function postgresStatus(ctx: StackContext): ServiceStatus {
  return postgresStatusOf(ctx, postgresPid(ctx));
}

async function initCluster(ctx: StackContext, paths: PostgresPaths, binDir: string): Promise<void> {
  // initdb into a scratch dir and rename: an interrupted initdb must not leave a half-made cluster
  // that later runs would mistake for a real one (initdb also refuses a non-empty directory).
  const scratch = `${paths.dataDir}.initdb`;
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { mode: 0o700 });
  chownToPostgres(scratch);
  const args = [
    "-D",
    scratch,
    "-U",
    ctx.stack.pg.user,
    "--auth=trust",
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
  ];
  // The test cluster is disposable; skipping initdb's fsyncs saves most of its second.
  if (ctx.stack.profile === "test") args.push("--no-sync");
  const res = await asPostgres(path.join(binDir, "initdb"), args);
  if (res.code !== 0) {
    throw new StackError(`initdb failed (exit ${res.code}):\n${(res.stdout + res.stderr).trim()}`);
  }
  fs.renameSync(scratch, paths.dataDir);
}

/** Starts the cluster if needed (initdb on first use), waits until it answers, creates the app database. */
export async function ensurePostgres(ctx: StackContext): Promise<ServiceStatus> {
  const paths = postgresPaths(ctx);
  const { port } = ctx.stack.pg;
  const versionFile = path.join(paths.dataDir, "PG_VERSION");
  const existingMajor = fs.existsSync(versionFile)
    ? fs.readFileSync(versionFile, "utf8").trim()
    : undefined;

  let pid = postgresPid(ctx);
  let detail = "already running";
  if (pid !== undefined) {
    const lock = readPostmasterPid(paths.dataDir);
    if (lock?.port !== undefined && lock.port !== port) {
      throw new StackError(
        `this profile's postgres (pid ${pid}) runs on port ${lock.port}, not ${port} (LIKENESS_PG_PORT changed?). ` +
          `Stop it first: tsx scripts/stack.ts stop pg`,
      );
    }
  } else {
    await assertPortFree("pg", port, ctx);
    const binDir = findPgBinDir(existingMajor);
    for (const dir of [ctx.stack.dataDir, ctx.runDir, ctx.logsDir])
      fs.mkdirSync(dir, { recursive: true });
    fs.mkdirSync(paths.socketDir, { recursive: true, mode: 0o700 });
    chownToPostgres(paths.socketDir);
    // pg_ctl opens the log as the postgres user, which cannot create files in the root-owned logs dir.
    fs.closeSync(fs.openSync(paths.logFile, "a"));
    chownToPostgres(paths.logFile);
    for (const p of [paths.dataDir, paths.socketDir, paths.logFile]) makeAncestorsTraversable(p);

    if (existingMajor === undefined) {
      if (fs.existsSync(paths.dataDir) && fs.readdirSync(paths.dataDir).length > 0) {
        throw new StackError(
          `${paths.dataDir} exists but is not a PostgreSQL cluster (no PG_VERSION). Move it away and retry.`,
        );
      }
      fs.rmSync(paths.dataDir, { recursive: true, force: true });
      await initCluster(ctx, paths, binDir);
      detail = "initialized and started";
    } else {
      detail = "started";
    }

    // A server killed with SIGKILL leaves postmaster.pid behind. Postgres ignores it when that pid is
    // dead, but refuses to start when the number now belongs to any other process (likely after a VM or
    // container restart, where pids start low again). postgresPid() said no live postgres owns it.
    removeFile(path.join(paths.dataDir, "postmaster.pid"));
    // The socket lock file has the same failure mode.
    removeFile(path.join(paths.socketDir, `.s.PGSQL.${port}.lock`));

    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    // pg_ctl passes -o through a shell, hence the quoting of the socket path.
    const options = [`-p ${port}`, "-h 127.0.0.1", `-k ${quote(paths.socketDir)}`];
    if (ctx.stack.profile === "test") {
      // Tests recreate their data at will; durability would only slow them down. Never for dev: a
      // developer's data must survive a crash of the machine.
      options.push("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off");
    }
    const res = await asPostgres(path.join(binDir, "pg_ctl"), [
      "start",
      "-D",
      paths.dataDir,
      "-l",
      paths.logFile,
      "-w",
      "-t",
      "60",
      "-o",
      options.join(" "),
    ]);
    pid = postgresPid(ctx);
    if (res.code !== 0 || pid === undefined) {
      throw new StackError(
        `postgres failed to start (pg_ctl exit ${res.code}): ${(res.stdout + res.stderr).trim()}\n${tailFile(paths.logFile)}`,
      );
    }
  }

  // pg_ctl -w returns once the server accepts connections; an already-running one may still be in
  // crash recovery, so both paths wait for a real query to succeed.
  const ready = await waitFor(async () => ((await postgresAnswers(ctx)) ? true : undefined), {
    timeoutMs: 60_000,
    intervalMs: 50,
    abort: () => (pid !== undefined && procInfo(pid) === undefined ? "exited" : undefined),
  });
  if (ready === undefined || !("value" in ready)) {
    throw new StackError(
      `postgres (pid ${pid}) does not answer on 127.0.0.1:${port}\n${tailFile(paths.logFile)}`,
    );
  }
  await ensureDatabase(ctx);
  return postgresStatusOf(ctx, pid, detail);
}

async function ensureDatabase(ctx: StackContext): Promise<void> {
  const client = new Client({
    host: "127.0.0.1",
    port: ctx.stack.pg.port,
    user: ctx.stack.pg.user,
    database: "postgres",
  });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const { database } = ctx.stack.pg;
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      } catch (err) {
        // 42P04 duplicate_database: another `up` created it in the meantime, which is fine.
        if ((err as { code?: string }).code !== "42P04") throw err;
      }
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `pg_ctl stop -m fast` (rolls back open transactions, no recovery needed on the next start). */
export async function stopPostgres(ctx: StackContext): Promise<boolean> {
  const pid = postgresPid(ctx);
  if (pid === undefined) return false;
  const paths = postgresPaths(ctx);
  const major = fs.readFileSync(path.join(paths.dataDir, "PG_VERSION"), "utf8").trim();
  const pgCtl = path.join(findPgBinDir(major), "pg_ctl");
  const res = await asPostgres(pgCtl, [
    "stop",
    "-D",
    paths.dataDir,
    "-m",
    "fast",
    "-w",
    "-t",
    "30",
  ]);
  if (res.code !== 0 && postgresPid(ctx) !== undefined) {
    // A backend stuck in a long query can outlast "fast"; "immediate" is what a crash would do and the
    // next start recovers from the WAL.
    await asPostgres(pgCtl, ["stop", "-D", paths.dataDir, "-m", "immediate", "-w", "-t", "10"]);
  }
  for (let i = 0; i < 100 && procInfo(pid) !== undefined; i++) await sleep(50);
  if (procInfo(pid) !== undefined)
    throw new StackError(`postgres (pid ${pid}) did not stop\n${tailFile(paths.logFile)}`);
  return true;
}
