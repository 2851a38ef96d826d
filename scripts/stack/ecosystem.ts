import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { localDatabaseUrl, localRedisUrl, localS3Endpoint } from "../../lib/local-stack";
import type { StackContext } from "./context";
import type { AppOptions } from "./pm2";
import { initPostgres, isRoot, pgBinDir, pgDataDir, postgresReady } from "./postgres";
import { ensureBucketAndVerify } from "./s3";

/**
 * The pm2 ecosystem of the local stack: what each service runs, and what is ours around it (making
 * the cluster and the bucket, and when a service counts as ready). pm2 supervises the processes
 * themselves: pidfiles, logs, signals, restarts of a crashed service.
 */

/** The services `scripts/stack.ts` manages, in start order (infrastructure first, then the apps). */
export const SERVICE_NAMES = ["pg", "redis", "s3", "web", "worker"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
export const INFRA_SERVICES: readonly ServiceName[] = ["pg", "redis", "s3"];

export interface ServiceSpec {
  app: (ctx: StackContext) => AppOptions;
  url: (ctx: StackContext) => string;
  port?: (ctx: StackContext) => number;
  /** Runs before the first start (data dirs, initdb); a returned note replaces "started". */
  prepare?: (ctx: StackContext) => Promise<string | undefined>;
  /** Polled until true; `log` is what it logged since this start (undefined: it was running). */
  ready: (ctx: StackContext, log: () => string | undefined) => Promise<boolean>;
  readyTimeoutMs: number;
  /** Runs once the service is ready. */
  after?: (ctx: StackContext) => Promise<void>;
}

function app(name: ServiceName, ctx: StackContext, options: AppOptions): AppOptions {
  return {
    name,
    interpreter: "none",
    cwd: ctx.root,
    // The child's lib/env.ts must resolve the services of the profile it was started for.
    env: { ...(ctx.env as Record<string, string>), LIKENESS_PROFILE: ctx.stack.profile },
    log_file: path.join(ctx.logsDir, `${name}.log`),
    output: "/dev/null",
    error: "/dev/null",
    // A crash is restarted; one that keeps crashing right after start is left down ("errored").
    autorestart: true,
    min_uptime: 5_000,
    max_restarts: 5,
    restart_delay: 1_000,
    vizion: false,
    ...options,
  };
}

const bin = (ctx: StackContext, relative: string) => path.join(ctx.root, "node_modules", relative);

async function answersHttp(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000), redirect: "manual" });
    await res.body?.cancel();
    return true; // any status: a 503 from a health route still proves the server is up
  } catch {
    return false;
  }
}

/** PONG once Redis answers; while it loads a large AOF it answers LOADING instead. */
const redisPong = (ctx: StackContext) =>
  promisify(execFile)("redis-cli", ["-h", "127.0.0.1", "-p", String(ctx.stack.redis.port), "ping"])
    .then((r) => r.stdout.trim() === "PONG")
    .catch(() => false);

const mkdir = (dir: string) => fs.mkdirSync(dir, { recursive: true });

export const SERVICES: Record<ServiceName, ServiceSpec> = {
  pg: {
    app: (ctx) => {
      const args = ["-D", pgDataDir(ctx), "-p", String(ctx.stack.pg.port), "-h", "127.0.0.1"];
      // TCP on loopback only: no Unix socket, whose path length and directory would be ours to manage.
      args.push("-k", "");
      // Tests recreate their data at will; never for dev, whose data must survive a crash.
      if (ctx.stack.profile === "test")
        args.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
      const user = isRoot ? { uid: "postgres", gid: "postgres" } : {};
      // SIGINT is Postgres's fast shutdown; cwd "/" as the postgres user may not enter the repo.
      return app("pg", ctx, {
        script: path.join(pgBinDir(ctx), "postgres"),
        args,
        cwd: "/",
        ...user,
        treekill: false,
        kill_timeout: 30_000,
      });
    },
    url: (ctx) => localDatabaseUrl(ctx.stack),
    port: (ctx) => ctx.stack.pg.port,
    prepare: async (ctx) => ((await initPostgres(ctx)) ? "initialized and started" : undefined),
    ready: (ctx) => postgresReady(ctx),
    readyTimeoutMs: 60_000,
  },
  redis: {
    // Append-only: jobs BullMQ has accepted must survive a Redis restart (a test proves it).
    app: (ctx) => {
      const dir = path.join(ctx.stack.dataDir, "redis");
      const args = ["--port", String(ctx.stack.redis.port), "--bind", "127.0.0.1", "--dir", dir];
      args.push("--appendonly", "yes");
      // SIGINT is a graceful shutdown for Redis too (it flushes the AOF).
      return app("redis", ctx, {
        script: "redis-server",
        args,
        treekill: false,
        kill_timeout: 30_000,
      });
    },
    url: (ctx) => localRedisUrl(ctx.stack),
    port: (ctx) => ctx.stack.redis.port,
    prepare: async (ctx) => void mkdir(path.join(ctx.stack.dataDir, "redis")),
    ready: (ctx) => redisPong(ctx),
    // A large AOF takes a while to load.
    readyTimeoutMs: 120_000,
  },
  s3: {
    app: (ctx) => {
      const dir = path.join(ctx.stack.dataDir, "s3");
      const port = String(ctx.stack.s3.port);
      const args = [bin(ctx, "s3rver/bin/s3rver.js"), "--directory", dir, "--port", port];
      args.push("--address", "127.0.0.1");
      // s3rver logs every request synchronously, which costs CPU under load; LIKENESS_S3_VERBOSE=1
      // brings the request log back for debugging.
      if (ctx.env.LIKENESS_S3_VERBOSE !== "1") args.push("--silent");
      return app("s3", ctx, { script: process.execPath, args, kill_timeout: 10_000 });
    },
    url: (ctx) => `${localS3Endpoint(ctx.stack)}/${ctx.stack.s3.bucket}`,
    port: (ctx) => ctx.stack.s3.port,
    prepare: async (ctx) => void mkdir(path.join(ctx.stack.dataDir, "s3")),
    ready: (ctx) => answersHttp(`${localS3Endpoint(ctx.stack)}/`),
    readyTimeoutMs: 30_000,
    after: ensureBucketAndVerify,
  },
  web: {
    app: (ctx) =>
      app("web", ctx, {
        // `next start` plus the client's TCP address for the app's limits (server.mjs).
        script: process.execPath,
        args: [path.join(ctx.root, "server.mjs"), "-p", String(ctx.stack.webPort)],
        kill_timeout: 15_000,
      }),
    url: (ctx) => `http://127.0.0.1:${ctx.stack.webPort}`,
    port: (ctx) => ctx.stack.webPort,
    ready: (ctx) => answersHttp(`http://127.0.0.1:${ctx.stack.webPort}/api/health`),
    readyTimeoutMs: 60_000,
  },
  worker: {
    // tsx as a loader, not its CLI: one process, so SIGINT reaches the worker once and nothing of it
    // outlives a stop.
    app: (ctx) =>
      app("worker", ctx, {
        script: process.execPath,
        args: ["--import", "tsx", "workers/index.ts"],
        kill_timeout: 15_000,
      }),
    url: () => "workers/index.ts",
    ready: async (_ctx, log) => /\bready: /.test(log() ?? "ready: "),
    readyTimeoutMs: 60_000,
  },
};

/** Accepts the spellings people type: `stop postgres`, `start storage`. */
export function parseServiceName(value: string): ServiceName | undefined {
  const aliases: Record<string, ServiceName> = {
    postgres: "pg",
    postgresql: "pg",
    db: "pg",
    storage: "s3",
  };
  const name = aliases[value] ?? value;
  return (SERVICE_NAMES as readonly string[]).includes(name) ? (name as ServiceName) : undefined;
}
