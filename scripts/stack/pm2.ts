import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { ProcessDescription, StartOptions } from "pm2";
import { StackError, type StackContext } from "./context";

type Pm2 = typeof import("pm2");

/** What pm2 accepts beyond its published types (lib/API/schema.json). */
export type AppOptions = StartOptions & {
  uid?: string;
  gid?: string;
  /** false: signal only the main process; Postgres and Redis shut their own children down. */
  treekill?: boolean;
  log_file?: string;
  vizion?: boolean;
};

export interface AppState {
  pid: number | undefined;
  status: string;
  restarts: number;
  args: string[];
}

let loaded: { home: string; pm2: Pm2 } | undefined;
let session: { users: number; ready: Promise<void> } | undefined;

/** The environment pm2's own code reads: this profile's home, and no daily call to pm2's servers. */
export function pm2Env(ctx: StackContext): Record<string, string> {
  // pm2's CLI prints a banner and reports the install once per home, unless this file exists.
  fs.mkdirSync(ctx.pm2Home, { recursive: true });
  fs.writeFileSync(path.join(ctx.pm2Home, "touch"), "");
  return { PM2_HOME: ctx.pm2Home, PM2_DISABLE_VERSION_CHECK: "true" };
}

/** pm2 reads PM2_HOME once, when it is first imported: one profile's daemon per process. */
async function load(ctx: StackContext): Promise<Pm2> {
  if (loaded !== undefined && loaded.home !== ctx.pm2Home)
    throw new StackError(`this process already talks to the pm2 daemon of ${loaded.home}`);
  Object.assign(process.env, pm2Env(ctx));
  loaded ??= { home: ctx.pm2Home, pm2: (await import("pm2")).default };
  return loaded.pm2;
}

function promised<T>(fn: (cb: (err: Error | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

/** True when this profile's daemon answers on its socket (a stale socket file refuses). */
export function daemonAlive(ctx: StackContext): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(path.join(ctx.pm2Home, "rpc.sock"));
    socket.once("error", () => resolve(false));
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
  });
}

/**
 * Runs `fn` connected to this profile's daemon, sharing one connection between concurrent callers
 * (pm2's client is a singleton: one caller's disconnect would cut the others off). With `spawn`
 * false and no daemon running, `fn` is not called and `fallback` is returned: reading the status
 * or stopping must not leave a daemon behind.
 */
export async function withPm2<T>(
  ctx: StackContext,
  spawn: boolean,
  fn: (pm2: Pm2) => Promise<T>,
  fallback?: T,
): Promise<T> {
  const pm2 = await load(ctx);
  if (session === undefined) {
    if (!spawn && !(await daemonAlive(ctx))) return fallback as T;
    const ready = new Promise<void>((resolve, reject) =>
      pm2.connect((err) => (err ? reject(err) : resolve())),
    );
    session = { users: 0, ready };
  }
  const current = session;
  current.users++;
  try {
    await current.ready;
    return await fn(pm2);
  } finally {
    if (--current.users === 0 && session === current) {
      session = undefined;
      pm2.disconnect();
    }
  }
}

export async function describeApp(pm2: Pm2, name: string): Promise<AppState | undefined> {
  const [proc] = await promised<ProcessDescription[]>((cb) => pm2.describe(name, cb));
  if (proc === undefined) return undefined;
  const env = (proc.pm2_env ?? {}) as { status?: string; restart_time?: number; args?: string[] };
  return {
    pid: proc.pid || undefined,
    status: env.status ?? "unknown",
    restarts: env.restart_time ?? 0,
    args: env.args ?? [],
  };
}

export function startApp(pm2: Pm2, options: AppOptions): Promise<unknown> {
  return promised((cb) => pm2.start(options, cb));
}

/** Stops and forgets the app; pm2 waits for it to exit (SIGINT, then SIGKILL after kill_timeout). */
export async function deleteApp(pm2: Pm2, name: string): Promise<void> {
  await promised((cb) => pm2.delete(name, cb));
}

/**
 * Ends the daemon; call it disconnected, with nothing left running under it. Signalled rather than
 * asked over RPC (pm2.killDaemon): the daemon closes its socket before it answers, and pm2's client
 * then keeps reconnecting and would hold the CLI open.
 */
export async function killDaemon(ctx: StackContext): Promise<void> {
  const pidFile = path.join(ctx.pm2Home, "pm2.pid");
  const pid = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, "utf8") : NaN);
  if (!Number.isInteger(pid)) return;
  process.kill(pid, "SIGTERM");
  for (let waited = 0; (await daemonAlive(ctx)) && waited < 10_000; waited += 20) await sleep(20);
}
