import fs from "node:fs";
import path from "node:path";
import Redis from "ioredis";
import { localRedisUrl } from "../../lib/local-stack";
import { StackError, type StackContext } from "./context";
import { run, tailFile, waitFor } from "./exec";
import { assertPortFree } from "./ports";
import { cwdMatches, procCmdline, procInfo, readPidfile, terminate } from "./processes";
import type { ServiceStatus } from "./service";

/**
 * The project's Redis: Debian's redis-server, daemonized, loopback only, with an append-only file so
 * that jobs BullMQ has accepted survive a restart (a test kills and restarts Redis to prove it).
 */

export interface RedisPaths {
  dir: string;
  pidFile: string;
  logFile: string;
}

export function redisPaths(ctx: StackContext): RedisPaths {
  return {
    dir: path.join(ctx.stack.dataDir, "redis"),
    pidFile: path.join(ctx.runDir, "redis.pid"),
    logFile: path.join(ctx.logsDir, "redis.log"),
  };
}

/** The pid when the pidfile names a live redis-server (not a stale number reused by something else). */
export function redisPid(ctx: StackContext): number | undefined {
  const pid = readPidfile(redisPaths(ctx).pidFile);
  if (pid === undefined) return undefined;
  const info = procInfo(pid);
  if (info === undefined || (!info.comm.startsWith("redis-server") && info.comm !== ""))
    return undefined;
  // Another profile's redis-server could hold a reused pid; ours runs in its own --dir.
  return cwdMatches(pid, redisPaths(ctx).dir) ? pid : undefined;
}

/**
 * "PONG", "LOADING" (up, but still replaying its AOF: a large one takes a while), or undefined when
 * nothing answers. No retries and no offline queue: one quick attempt per call.
 */
export async function redisPing(ctx: StackContext): Promise<"PONG" | "LOADING" | undefined> {
  const client = new Redis({
    host: "127.0.0.1",
    port: ctx.stack.redis.port,
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    // The ready check would block until an AOF finishes loading; we want to see LOADING instead.
    enableReadyCheck: false,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG" ? "PONG" : undefined;
  } catch (err) {
    return err instanceof Error && err.message.startsWith("LOADING") ? "LOADING" : undefined;
  } finally {
    client.disconnect();
  }
}

function redisStatusOf(ctx: StackContext, pid: number | undefined, detail?: string): ServiceStatus {
  return {
    name: "redis",
    state: pid === undefined ? "stopped" : "running",
    port: ctx.stack.redis.port,
    pid,
    url: localRedisUrl(ctx.stack),
    detail,
  };
}

export function redisStatus(ctx: StackContext): ServiceStatus {
  return redisStatusOf(ctx, redisPid(ctx));
}

async function waitForPong(
  ctx: StackContext,
  paths: RedisPaths,
  knownPid: number | undefined,
): Promise<number> {
  const result = await waitFor(async () => ((await redisPing(ctx)) === "PONG" ? true : undefined), {
    timeoutMs: 120_000,
    intervalMs: 10,
    abort: () => {
      // The daemon writes its pidfile right after forking; before that there is nothing to watch.
      const pid = knownPid ?? readPidfile(paths.pidFile);
      return pid !== undefined && procInfo(pid) === undefined ? "exited" : undefined;
    },
  });
  const pid = redisPid(ctx);
  if (result === undefined || !("value" in result) || pid === undefined) {
    const why =
      result !== undefined && "aborted" in result
        ? "exited during startup"
        : "does not answer PING";
    throw new StackError(
      `redis ${why} on 127.0.0.1:${ctx.stack.redis.port}\n${tailFile(paths.logFile)}`,
    );
  }
  return pid;
}

export async function ensureRedis(ctx: StackContext): Promise<ServiceStatus> {
  const paths = redisPaths(ctx);
  const running = redisPid(ctx);
  if (running !== undefined) {
    // Redis sets its process title to "redis-server 127.0.0.1:<port>". If that is not our port, the
    // port setting changed since it started: waiting for a PONG would only time out.
    const title = procCmdline(running);
    if (
      title !== undefined &&
      title.startsWith("redis-server") &&
      !title.includes(`:${ctx.stack.redis.port}`)
    ) {
      throw new StackError(
        `this profile's redis (pid ${running}) runs as "${title}", not on port ${ctx.stack.redis.port} ` +
          `(LIKENESS_REDIS_PORT changed?). Stop it first: tsx scripts/stack.ts stop redis`,
      );
    }
    // Ours and alive: it may still be loading its AOF after a restart, so wait rather than fail.
    const pid = await waitForPong(ctx, paths, running);
    return redisStatusOf(ctx, pid, "already running");
  }
  await assertPortFree("redis", ctx.stack.redis.port, ctx);
  for (const dir of [paths.dir, ctx.runDir, ctx.logsDir]) fs.mkdirSync(dir, { recursive: true });
  // A stale pidfile would make the startup watcher look at a dead (or foreign) pid.
  fs.rmSync(paths.pidFile, { force: true });
  const res = await run("redis-server", [
    "--port",
    String(ctx.stack.redis.port),
    "--bind",
    "127.0.0.1",
    "--daemonize",
    "yes",
    "--pidfile",
    paths.pidFile,
    "--logfile",
    paths.logFile,
    "--dir",
    paths.dir,
    // Required: BullMQ's accepted jobs must survive a Redis restart or crash.
    "--appendonly",
    "yes",
  ]);
  if (res.code !== 0) {
    const hint =
      res.code === 127 ? " (redis-server not installed? Run: bash scripts/ensure-system.sh)" : "";
    throw new StackError(
      `redis-server failed to start (exit ${res.code})${hint}: ${(res.stdout + res.stderr).trim()}\n${tailFile(paths.logFile)}`,
    );
  }
  const pid = await waitForPong(ctx, paths, undefined);
  return redisStatusOf(ctx, pid, "started");
}

/**
 * SIGTERM is Redis's graceful shutdown (flushes the AOF, like `redis-cli shutdown`), sent by pid so a
 * foreign Redis that happens to sit on our port is never touched.
 */
export async function stopRedis(ctx: StackContext): Promise<boolean> {
  const pid = redisPid(ctx);
  if (pid !== undefined) await terminate(pid, { timeoutMs: 30_000, group: false });
  fs.rmSync(redisPaths(ctx).pidFile, { force: true });
  return pid !== undefined;
}
