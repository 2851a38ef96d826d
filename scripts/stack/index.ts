import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import lockfile from "proper-lockfile";
import { StackError, stackContext, type StackContext } from "./context";
import { INFRA_SERVICES, SERVICE_NAMES, SERVICES, type ServiceName } from "./ecosystem";
import { assertPortFree } from "./ports";
import { deleteApp, describeApp, killDaemon, startApp, withPm2, type AppState } from "./pm2";

/**
 * Programmatic entry points of the local stack, for scripts/stack.ts, the start script, benchmarks
 * and tests (which stop Redis/Postgres/S3 mid-run and bring them back). Each profile's services run
 * under its own pm2 daemon (PM2_HOME in .data/<profile>/pm2), which outlives the command that
 * started them; `stopAll` ends the daemon too.
 */

export { StackError, stackContext, type StackContext } from "./context";
export { INFRA_SERVICES, SERVICE_NAMES, parseServiceName, type ServiceName } from "./ecosystem";
export { assertPortFree, isPortFree } from "./ports";

export interface ServiceStatus {
  name: ServiceName;
  /** "external": a cloud replacement is configured (DATABASE_URL, REDIS_URL, R2/S3), so none runs locally. */
  state: "running" | "stopped" | "external";
  port?: number;
  pid?: number;
  url: string;
  /** A short note for the status line: "started", "already running", "using DATABASE_URL", … */
  detail?: string;
}

const nonEmpty = (v: string | undefined) => v !== undefined && v.trim() !== "";

/**
 * The env var that replaces a local service with a cloud one, or undefined when the local one is used.
 * Mirrors lib/env.ts: an empty value counts as unset there too.
 */
export function cloudReplacement(name: ServiceName, env = process.env): string | undefined {
  if (name === "pg" && nonEmpty(env.DATABASE_URL)) return "DATABASE_URL";
  if (name === "redis" && nonEmpty(env.REDIS_URL)) return "REDIS_URL";
  if (name === "s3" && nonEmpty(env.R2_ACCOUNT_ID)) return "R2_ACCOUNT_ID";
  if (name === "s3" && nonEmpty(env.S3_ENDPOINT)) return "S3_ENDPOINT";
  return undefined;
}

function statusOf(
  name: ServiceName,
  ctx: StackContext,
  app?: AppState,
  note?: string,
): ServiceStatus {
  const running = app?.status === "online";
  const replacement = cloudReplacement(name, ctx.env);
  // A local server left running from before the cloud setting was added is still worth reporting.
  if (!running && replacement !== undefined)
    return { name, state: "external", url: "", detail: `using ${replacement}` };
  const restarted =
    app !== undefined && app.restarts > 0 ? `restarted ${app.restarts}×` : undefined;
  const detail = note ?? (running ? restarted : app?.status);
  const { url, port } = SERVICES[name];
  const pid = running ? app.pid : undefined;
  return {
    name,
    state: running ? "running" : "stopped",
    url: url(ctx),
    port: port?.(ctx),
    pid,
    detail,
  };
}

/**
 * One start/stop at a time per profile: two `up`s racing (a test's global setup and a developer's
 * terminal) would otherwise both see "not running" and both run initdb or bind one port.
 */
async function locked<T>(ctx: StackContext, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(ctx.stack.dataDir, { recursive: true });
  const release = await lockfile.lock(ctx.stack.dataDir, {
    lockfilePath: path.join(ctx.stack.dataDir, "stack.lock"),
    realpath: false,
    retries: { retries: 1800, factor: 1, minTimeout: 100, maxTimeout: 100 },
  });
  try {
    return await fn();
  } finally {
    await release();
  }
}

/** The end of a log: from `from` (a byte offset) or at most its last 64 KiB. */
function readLog(file: string, from = 0): string {
  try {
    const fd = fs.openSync(file, "r");
    try {
      const size = fs.fstatSync(fd).size;
      const buf = Buffer.alloc(size - Math.max(from, size - 65_536));
      fs.readSync(fd, buf, 0, buf.length, size - buf.length);
      return buf.toString("utf8");
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return "";
  }
}

/** The last lines of a log, or of what was logged since `from`, quoted under an error message. */
function tail(file: string, from?: number): string {
  const lines = readLog(file, from)
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(-25);
  if (lines.length === 0) return `  (nothing in ${file})`;
  return [`  last lines of ${file}:`, ...lines.map((l) => `  | ${l}`)].join("\n");
}

type Pm2 = Parameters<Parameters<typeof withPm2>[2]>[0];

async function start(pm2: Pm2, name: ServiceName, ctx: StackContext): Promise<ServiceStatus> {
  const replacement = cloudReplacement(name, ctx.env);
  if (replacement !== undefined) return statusOf(name, ctx, undefined);
  const spec = SERVICES[name];
  const logFile = path.join(ctx.logsDir, `${name}.log`);
  let app = await describeApp(pm2, name);
  let detail = "already running";
  let logFrom: number | undefined;
  if (app?.status === "online") {
    const wanted = spec.app(ctx).args as string[];
    if (JSON.stringify(app.args) !== JSON.stringify(wanted)) {
      throw new StackError(
        `this profile's ${name} (pid ${app.pid}) runs with other settings ("${app.args.join(" ")}": ` +
          `a port changed?). Stop it first: npm run stack -- stop ${name}`,
      );
    }
  } else {
    // A stopped or errored entry would keep its old settings: start afresh.
    if (app !== undefined) await deleteApp(pm2, name);
    if (name !== "worker") await assertPortFree(name, spec.port!(ctx), ctx);
    fs.mkdirSync(ctx.logsDir, { recursive: true });
    detail = (await spec.prepare?.(ctx)) ?? "started";
    logFrom = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
    await startApp(pm2, spec.app(ctx));
  }
  const restarts = app?.status === "online" ? app.restarts : 0;
  const deadline = Date.now() + spec.readyTimeoutMs;
  const log = () => (logFrom === undefined ? undefined : readLog(logFile, logFrom));
  for (let delay = 10; !(await spec.ready(ctx, log)); delay = Math.min(delay * 2, 200)) {
    app = await describeApp(pm2, name);
    const exited = app?.status !== "online" || app.restarts > restarts;
    if (exited || Date.now() > deadline) {
      // What we started and is not ready must not stay in pm2's restart loop.
      if (logFrom !== undefined) await deleteApp(pm2, name).catch(() => undefined);
      const why = exited ? "exited during startup" : `not ready in ${spec.readyTimeoutMs / 1000} s`;
      throw new StackError(`${name} ${why}\n${tail(logFile, logFrom)}`);
    }
    await sleep(delay);
  }
  await spec.after?.(ctx);
  return statusOf(name, ctx, await describeApp(pm2, name), detail);
}

async function stop(pm2: Pm2, name: ServiceName): Promise<boolean> {
  const app = await describeApp(pm2, name);
  if (app === undefined) return false;
  await deleteApp(pm2, name);
  return app.status === "online";
}

/** Current state of every service, without changing anything (and without starting a daemon). */
export async function serviceStatuses(ctx = stackContext()): Promise<ServiceStatus[]> {
  const read = (pm2?: Pm2) =>
    Promise.all(
      SERVICE_NAMES.map(async (n) => statusOf(n, ctx, pm2 && (await describeApp(pm2, n)))),
    );
  return (await withPm2<ServiceStatus[] | undefined>(ctx, false, read)) ?? read();
}

/** Starts one service if it is not running and waits until it answers. Idempotent. */
export function startService(name: ServiceName, ctx = stackContext()): Promise<ServiceStatus> {
  return locked(ctx, () => withPm2(ctx, true, (pm2) => start(pm2, name, ctx)));
}

/** Stops one service; false when it was not running (including after a crash). */
export function stopService(name: ServiceName, ctx = stackContext()): Promise<boolean> {
  return locked(ctx, () => withPm2(ctx, false, (pm2) => stop(pm2, name), false));
}

async function settle<T>(names: readonly ServiceName[], fn: (n: ServiceName) => Promise<T>) {
  const settled = await Promise.allSettled(names.map(fn));
  const errors = settled.flatMap((r, i) =>
    r.status === "rejected"
      ? [`${names[i]}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`]
      : [],
  );
  return { values: settled.map((r) => (r.status === "fulfilled" ? r.value : undefined)), errors };
}

/**
 * Starts the given services (default: pg, redis, s3) and returns their statuses in the order asked.
 * The infrastructure services start in parallel; web and worker start after them, since both connect
 * to it on startup. Every failure is reported, not just the first.
 */
export function ensureServices(
  names: readonly ServiceName[] = INFRA_SERVICES,
  ctx = stackContext(),
): Promise<ServiceStatus[]> {
  return locked(ctx, () =>
    withPm2(ctx, true, async (pm2) => {
      const statuses = new Map<ServiceName, ServiceStatus>();
      for (const infra of [true, false]) {
        const phase = names.filter((n) => INFRA_SERVICES.includes(n) === infra);
        const { values, errors } = await settle(phase, (n) => start(pm2, n, ctx));
        phase.forEach((n, i) => {
          if (values[i] !== undefined) statuses.set(n, values[i]);
        });
        // Apps started against missing infrastructure would only fail with less helpful messages.
        if (errors.length > 0) throw new StackError(errors.join("\n"));
      }
      return names.flatMap((n) => statuses.get(n) ?? []);
    }),
  );
}

/**
 * Stops everything of this profile, apps first (they hold connections to the rest), then storage and
 * Redis, then Postgres, and ends the profile's pm2 daemon so nothing is left to keep CI waiting.
 */
export function stopAll(ctx = stackContext()): Promise<Map<ServiceName, boolean>> {
  const stopped = new Map(SERVICE_NAMES.map((n) => [n, false]));
  return locked(ctx, async () => {
    const ran = await withPm2(ctx, false, async (pm2) => {
      const errors: string[] = [];
      for (const group of [["web", "worker"], ["s3", "redis"], ["pg"]] as const) {
        const result = await settle(group, (n) => stop(pm2, n));
        group.forEach((n, i) => stopped.set(n, result.values[i] ?? false));
        errors.push(...result.errors);
      }
      if (errors.length > 0) throw new StackError(errors.join("\n"));
      return true;
    });
    if (ran === true) await killDaemon(ctx);
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
