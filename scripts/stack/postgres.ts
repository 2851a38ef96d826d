import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";
import { StackError, type StackContext } from "./context";

/**
 * The project's own PostgreSQL cluster (Debian's server binaries, not Debian's cluster management):
 * data in `<dataDir>/pg`, loopback only, trust auth. pm2 runs the server itself; what is ours is
 * making the cluster and the database.
 */

export const isRoot = process.getuid?.() === 0;

export const pgDataDir = (ctx: StackContext) => path.join(ctx.stack.dataDir, "pg");

/**
 * /usr/lib/postgresql/<version>/bin. An existing cluster pins the major version (a server of another
 * major version refuses its data dir); otherwise the highest installed one.
 */
export function pgBinDir(ctx: StackContext): string {
  const base = "/usr/lib/postgresql";
  const versionFile = path.join(pgDataDir(ctx), "PG_VERSION");
  const pinned = fs.existsSync(versionFile) ? fs.readFileSync(versionFile, "utf8").trim() : "";
  const installed = (fs.existsSync(base) ? fs.readdirSync(base) : [])
    .filter((v) => fs.existsSync(path.join(base, v, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a));
  const version = pinned || installed[0];
  if (version === undefined || !installed.includes(version)) {
    throw new StackError(
      pinned
        ? `the local cluster was made by PostgreSQL ${pinned}, but only [${installed.join(", ")}] is installed: install postgresql-${pinned}, or delete ${pgDataDir(ctx)} (its data is lost)`
        : `PostgreSQL server binaries not found under ${base}. Run: bash scripts/ensure-system.sh`,
    );
  }
  return path.join(base, version, "bin");
}

/** The server runs as `postgres`: every ancestor of its data dir needs the "others may traverse" bit. */
function makeAncestorsTraversable(target: string): void {
  for (let dir = path.dirname(target); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode & 0o7777;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
  }
}

/**
 * Makes the cluster on first use; returns true when it did. initdb refuses to run as root, so as root
 * it runs as the `postgres` user Debian's package creates (and so does the server, see ecosystem.ts).
 */
export async function initPostgres(ctx: StackContext): Promise<boolean> {
  const dataDir = pgDataDir(ctx);
  fs.mkdirSync(ctx.stack.dataDir, { recursive: true });
  if (isRoot) makeAncestorsTraversable(dataDir);
  if (fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    removeStalePostmasterPid(dataDir);
    return false;
  }
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0)
    throw new StackError(`${dataDir} is not a PostgreSQL cluster (no PG_VERSION): move it away`);
  // initdb into a scratch dir and rename: an interrupted initdb must not leave a half-made cluster.
  const scratch = `${dataDir}.initdb`;
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { mode: 0o700 });
  const initdb = path.join(pgBinDir(ctx), "initdb");
  const args = ["-D", scratch, "-U", ctx.stack.pg.user, "--auth=trust", "-E", "UTF8"];
  args.push("--locale=C.UTF-8");
  // The test cluster is disposable; skipping initdb's fsyncs saves most of its second.
  if (ctx.stack.profile === "test") args.push("--no-sync");
  try {
    if (isRoot) {
      await promisify(execFile)("chown", ["postgres:postgres", scratch]);
      await promisify(execFile)("runuser", ["-u", "postgres", "--", initdb, ...args], { cwd: "/" });
    } else {
      await promisify(execFile)(initdb, args, { cwd: "/" });
    }
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new StackError(`initdb failed: ${stderr?.trim() || message}`);
  }
  fs.renameSync(scratch, dataDir);
  return true;
}

/**
 * A server killed outright leaves postmaster.pid behind, and refuses to start while the pid in it
 * belongs to any live process: after a machine restart that is often an unrelated one.
 */
function removeStalePostmasterPid(dataDir: string): void {
  const file = path.join(dataDir, "postmaster.pid");
  const pid = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n")[0] : undefined;
  if (pid === undefined) return;
  const comm = fs.existsSync(`/proc/${pid}/comm`)
    ? fs.readFileSync(`/proc/${pid}/comm`, "utf8")
    : "";
  if (comm.trim() !== "postgres") fs.rmSync(file, { force: true });
}

/** Ready once the server runs a query; then the app database is made if missing. */
export async function postgresReady(ctx: StackContext): Promise<boolean> {
  const { port, user, database } = ctx.stack.pg;
  const client = new Client({ host: "127.0.0.1", port, user, database: "postgres" });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) {
      await client.query(`create database "${database.replace(/"/g, '""')}"`).catch((err) => {
        // 42P04 duplicate_database: another `up` made it meanwhile.
        if ((err as { code?: string }).code !== "42P04") throw err;
      });
    }
    return true;
  } catch (error) {
    // Not listening yet, or 57P03 (starting up, recovering); any other SQLSTATE is a real failure.
    const code = (error as { code?: string }).code ?? "";
    if (/^[0-9A-Z]{5}$/.test(code) && code !== "57P03") throw error;
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
