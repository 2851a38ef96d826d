import { StackError, stackContext, type StackContext } from "./context";
import { ensureWeb, ensureWorker, stopWeb, stopWorker, webStatus, workerStatus } from "./apps";
import { withStackLock } from "./lock";
import { ensurePostgres, postgresStatus, stopPostgres } from "./postgres";
import { ensureRedis, redisStatus, stopRedis } from "./redis";
import { ensureS3, s3Status, stopS3 } from "./s3";
import { INFRA_SERVICES, type ServiceName, type ServiceStatus } from "./service";

/**
 * Programmatic entry points of the local stack, for scripts/stack.ts, the start script and tests
 * (which stop Redis/Postgres/S3 mid-run and bring them back).
 */

export { StackError, stackContext, type StackContext } from "./context";
export {
  INFRA_SERVICES,
  SERVICE_NAMES,
  parseServiceName,
  type ServiceName,
  type ServiceStatus,
} from "./service";
export {
  isRunning,
  startApp,
  stopApp,
  waitForHttp,
  managedPid,
  type ManagedProcess,
} from "./processes";
export { isPortFree, assertPortFree } from "./ports";
export { createLocalS3Client } from "./s3";
export { postgresPaths } from "./postgres";
export { redisPaths } from "./redis";

const nonEmpty = (v: string | undefined) => v !== undefined && v.trim() !== "";

/**
 * The env var that replaces a local service with a cloud one, or undefined when the local one is used.
 * Mirrors lib/env.ts: an empty value counts as unset there too.
 */
export function cloudReplacement(
  name: ServiceName,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  switch (name) {
    case "pg":
      return nonEmpty(env.DATABASE_URL) ? "DATABASE_URL" : undefined;
    case "redis":
      return nonEmpty(env.REDIS_URL) ? "REDIS_URL" : undefined;
    case "s3":
      if (nonEmpty(env.R2_ACCOUNT_ID)) return "R2_ACCOUNT_ID";
      return nonEmpty(env.S3_ENDPOINT) ? "S3_ENDPOINT" : undefined;
    default:
      return undefined;
  }
}

function externalStatus(name: ServiceName, envVar: string): ServiceStatus {
  return { name, state: "external", url: "", detail: `using ${envVar}` };
}

/** Current state without changing anything (and without the lock: it only reads pidfiles). */
export function serviceStatus(
  name: ServiceName,
  ctx: StackContext = stackContext(),
): ServiceStatus {
  const status = ((): ServiceStatus => {
    switch (name) {
      case "pg":
        return postgresStatus(ctx);
      case "redis":
        return redisStatus(ctx);
      case "s3":
        return s3Status(ctx);
      case "web":
        return webStatus(ctx);
      case "worker":
        return workerStatus(ctx);
    }
  })();
  const replacement = cloudReplacement(name, ctx.env);
  // A local server left running from before the cloud setting was added is still worth reporting.
  return replacement !== undefined && status.state === "stopped"
    ? externalStatus(name, replacement)
    : status;
}

/** Starts one service if it is not running and waits until it answers. Idempotent. */
export async function startService(
  name: ServiceName,
  ctx: StackContext = stackContext(),
): Promise<ServiceStatus> {
  const replacement = cloudReplacement(name, ctx.env);
  if (replacement !== undefined) return externalStatus(name, replacement);
  return withStackLock(ctx, () => {
    switch (name) {
      case "pg":
        return ensurePostgres(ctx);
      case "redis":
        return ensureRedis(ctx);
      case "s3":
        return ensureS3(ctx);
      case "web":
        return ensureWeb(ctx);
      case "worker":
        return ensureWorker(ctx);
    }
  });
}

/** Stops one service; a no-op (false) when it is not running, including after a crash. */
export async function stopService(
  name: ServiceName,
  ctx: StackContext = stackContext(),
): Promise<boolean> {
  return withStackLock(ctx, () => {
    switch (name) {
      case "pg":
        return stopPostgres(ctx);
      case "redis":
        return stopRedis(ctx);
      case "s3":
        return stopS3(ctx);
      case "web":
        return stopWeb(ctx);
      case "worker":
        return stopWorker(ctx);
    }
  });
}

/**
 * Starts the given services (default: pg, redis, s3) and returns their statuses in the order asked.
 * The infrastructure services start in parallel; web and worker start after them, since both connect
 * to it on startup. Every failure is reported, not just the first.
 */
export async function ensureServices(
  names: readonly ServiceName[] = INFRA_SERVICES,
  ctx: StackContext = stackContext(),
): Promise<ServiceStatus[]> {
  return withStackLock(ctx, async () => {
    const results = new Map<ServiceName, ServiceStatus>();
    const errors: string[] = [];
    const phases = [
      names.filter((n) => INFRA_SERVICES.includes(n)),
      names.filter((n) => !INFRA_SERVICES.includes(n)),
    ];
    for (const phase of phases) {
      const settled = await Promise.allSettled(phase.map((n) => startService(n, ctx)));
      settled.forEach((r, i) => {
        const name = phase[i];
        if (name === undefined) return;
        if (r.status === "fulfilled") results.set(name, r.value);
        else
          errors.push(
            `${name}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`,
          );
      });
      // Apps started against missing infrastructure would only fail with less helpful messages.
      if (errors.length > 0) break;
    }
    if (errors.length > 0) throw new StackError(errors.join("\n"));
    return names.flatMap((n) => results.get(n) ?? []);
  });
}

/**
 * Stops everything of this profile, apps first (they hold connections to the rest), then storage,
 * Redis, Postgres. Works with stale pidfiles and partly dead stacks; tries every service even if one
 * fails.
 */
export async function stopAll(
  ctx: StackContext = stackContext(),
): Promise<Map<ServiceName, boolean>> {
  return withStackLock(ctx, async () => {
    const stopped = new Map<ServiceName, boolean>();
    const errors: string[] = [];
    const order: ServiceName[][] = [["web", "worker"], ["s3", "redis"], ["pg"]];
    for (const group of order) {
      const settled = await Promise.allSettled(group.map((n) => stopService(n, ctx)));
      settled.forEach((r, i) => {
        const name = group[i];
        if (name === undefined) return;
        if (r.status === "fulfilled") stopped.set(name, r.value);
        else
          errors.push(
            `${name}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`,
          );
      });
    }
    if (errors.length > 0) throw new StackError(errors.join("\n"));
    return stopped;
  });
}

/** "pg      running  postgres://postgres@127.0.0.1:54330/likeness  pid 1234  (started)" */
export function formatStatus(s: ServiceStatus): string {
  const cols = [
    s.name.padEnd(7),
    s.state.padEnd(8),
    (s.url === "" ? "-" : s.url).padEnd(46),
    s.port === undefined ? "" : `port ${s.port}`.padEnd(11),
    s.pid === undefined ? "" : `pid ${s.pid}`.padEnd(10),
    s.detail === undefined ? "" : `(${s.detail})`,
  ];
  return cols.join(" ").trimEnd();
}
