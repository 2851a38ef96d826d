import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import pg from "pg";
import { migrate } from "../../lib/db/migrate";
import { localStack } from "../../lib/local-stack";
import { isPortFree } from "../../scripts/stack/index";

/** Benchmarks build into their own directory, so a running `npm start` keeps its build. */
export const BENCH_DIST_DIR = ".next-bench";

/** Builds the current code (or reuses the bench build with `reuse`, when iterating on a bench). */
export function buildForBench(env: NodeJS.ProcessEnv, reuse = false): void {
  if (reuse && existsSync(`${BENCH_DIST_DIR}/BUILD_ID`)) return;
  const build = spawnSync("node_modules/.bin/next", ["build"], {
    stdio: "inherit",
    env: { ...env, LIKENESS_DIST_DIR: BENCH_DIST_DIR },
  });
  if (build.status !== 0) throw new Error("next build failed");
}

export interface Running {
  close(): void;
}

function running(child: ChildProcess): Running {
  return { close: () => void child.kill("SIGTERM") };
}

/** The production web entry (server.mjs) on the bench build, resolved once `readyPath` answers 2xx. */
export async function startServer(
  port: number,
  env: NodeJS.ProcessEnv,
  readyPath: string,
): Promise<Running> {
  // Otherwise a leftover server on the port would answer the readiness check and be measured instead.
  if (!(await isPortFree(port)))
    throw new Error(`port ${port} is in use: stop whatever holds it first`);
  const child = spawn(process.execPath, ["server.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...env, NODE_ENV: "production", LIKENESS_DIST_DIR: BENCH_DIST_DIR },
    stdio: "ignore",
  });
  for (let t = 0; ; t++) {
    const ok = await fetch(`http://127.0.0.1:${port}${readyPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return running(child);
    if (t > 150) {
      child.kill("SIGKILL");
      throw new Error(`the server on port ${port} did not start`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A worker process (the production entry point), resolved once it reports ready. */
export async function startWorker(env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn("node_modules/.bin/tsx", ["workers/index.ts"], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready:")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
  // tsx runs the worker in a child process; SIGTERM reaches it through tsx's signal relay.
  return running(child);
}

const BENCH_DB = "likeness_bench";

/** The benchmarks' own database on the test stack's Postgres (never the one e2e tests reseed). */
export function benchDatabaseUrl(env: NodeJS.ProcessEnv, database = BENCH_DB): string {
  return `postgres://postgres@127.0.0.1:${localStack(env).pg.port}/${database}`;
}

/** Connects to the bench database, creating it if missing and applying the migrations. */
export async function benchDatabase(
  env: NodeJS.ProcessEnv,
  database = BENCH_DB,
): Promise<pg.Client> {
  const admin = new pg.Client({ connectionString: benchDatabaseUrl(env, "postgres") });
  await admin.connect();
  if (
    (await admin.query("select 1 from pg_database where datname = $1", [database])).rowCount === 0
  ) {
    await admin.query(`create database ${database}`);
  }
  await admin.end();
  const client = new pg.Client({ connectionString: benchDatabaseUrl(env, database) });
  await client.connect();
  await migrate(client, process.cwd(), () => undefined);
  return client;
}
