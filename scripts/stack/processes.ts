import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { StackError, stackContext, type StackContext } from "./context";
import { sleep, tailFile, waitFor } from "./exec";

/**
 * Pidfile-based process management for everything the stack runs in the background: the S3 emulator
 * and the web/worker app processes (Redis and Postgres write their own pidfiles, but are checked with the
 * same helpers).
 *
 * A pidfile alone is not proof: after a crash or a VM restart the number can belong to another process,
 * and in this sandbox PID 1 is not an init that reaps orphans promptly, so a dead detached process (a
 * stopped redis-server was seen) lingers as a zombie that `kill(pid, 0)` still reports as alive. Hence
 * the /proc checks below.
 */

export interface ProcInfo {
  /** Short command name from /proc/<pid>/stat (at most 15 characters, e.g. "postgres", "redis-server"). */
  comm: string;
  /** Start time in clock ticks since boot: with the pid, a unique identity for a process. */
  startTime: string;
}

/** Info for a live, non-zombie process; undefined when it is gone (or a zombie). */
export function procInfo(pid: number): ProcInfo | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return fs.existsSync("/proc/self/stat") ? undefined : signalZeroInfo(pid);
  }
  // The comm field is in parentheses and may itself contain spaces or parentheses.
  const open = stat.indexOf("(");
  const close = stat.lastIndexOf(")");
  const comm = stat.slice(open + 1, close);
  const rest = stat.slice(close + 2).split(" ");
  const state = rest[0];
  if (state === "Z" || state === "X") return undefined;
  return { comm, startTime: rest[19] ?? "" };
}

/** Fallback for systems without /proc (a developer's macOS): liveness only, no identity. */
function signalZeroInfo(pid: number): ProcInfo | undefined {
  try {
    process.kill(pid, 0);
    return { comm: "", startTime: "" };
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"
      ? { comm: "", startTime: "" }
      : undefined;
  }
}

/**
 * The process's working directory, or undefined when it cannot be read (no /proc, another user's
 * process). Postgres and Redis chdir into their data directory, which makes this a cheap way to tell
 * our server from another postgres/redis-server that happens to have been given the same pid.
 */
export function procCwd(pid: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

/** The command line with arguments joined by spaces (or the title the process set for itself). */
export function procCmdline(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0+$/, "").replace(/\0/g, " ");
  } catch {
    return undefined;
  }
}

/** True unless the process's cwd is readable and differs from `dir`. */
export function cwdMatches(pid: number, dir: string): boolean {
  const cwd = procCwd(pid);
  if (cwd === undefined) return true;
  let real = dir;
  try {
    real = fs.realpathSync(dir);
  } catch {
    // Data dir gone: no running server can be ours.
    return false;
  }
  return cwd === real;
}

export function isPidAlive(pid: number): boolean {
  return procInfo(pid) !== undefined;
}

export function readPidfile(file: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.trim().split(/\s+/)[0] ?? "", 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function removeFile(file: string): void {
  fs.rmSync(file, { force: true });
}

/** Sends a signal, treating "no such process" as success: the goal (it is not running) is met. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const gone = await waitFor(async () => (isPidAlive(pid) ? undefined : true), {
    timeoutMs,
    intervalMs: 20,
  });
  return gone !== undefined;
}

/**
 * SIGTERM, then SIGKILL after `timeoutMs`. With `group`, the SIGKILL goes to the whole process group so
 * that grandchildren (tsx runs the worker in a child node process; next may fork) cannot outlive the
 * leader and keep a port or a Redis connection open. SIGTERM goes to the leader only: tsx relays it to
 * its child, and a second copy would make the worker's graceful shutdown run twice.
 */
export async function terminate(
  pid: number,
  options: { timeoutMs: number; group: boolean },
): Promise<void> {
  signal(pid, "SIGTERM");
  const exited = await waitForExit(pid, options.timeoutMs);
  if (options.group) signalGroup(pid, "SIGKILL");
  if (!exited) {
    signal(pid, "SIGKILL");
    if (!(await waitForExit(pid, 5000))) throw new StackError(`process ${pid} survived SIGKILL`);
  }
}

function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "ESRCH" && code !== "EPERM") throw err;
  }
}

// ---------------------------------------------------------------------------------------------------
// Detached app processes (s3 emulator, web, worker)

interface ProcessMeta {
  pid: number;
  startTime: string;
  command: string;
  args: string[];
  startedAt: string;
}

export interface ManagedProcess {
  name: string;
  pid: number;
  logFile: string;
  /** False when this call started it, true when it was already running. */
  alreadyRunning: boolean;
}

export function pidfilePath(name: string, ctx: StackContext): string {
  return path.join(ctx.runDir, `${name}.pid`);
}

export function logFilePath(name: string, ctx: StackContext): string {
  return path.join(ctx.logsDir, `${name}.log`);
}

function metaPath(name: string, ctx: StackContext): string {
  return path.join(ctx.runDir, `${name}.json`);
}

function readMeta(name: string, ctx: StackContext): ProcessMeta | undefined {
  try {
    return JSON.parse(fs.readFileSync(metaPath(name, ctx), "utf8")) as ProcessMeta;
  } catch {
    return undefined;
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** The pid of the named detached process when it is alive and is the very process we started. */
export function managedPid(name: string, ctx: StackContext = stackContext()): number | undefined {
  const pid = readPidfile(pidfilePath(name, ctx));
  if (pid === undefined) return undefined;
  const info = procInfo(pid);
  if (info === undefined) return undefined;
  const meta = readMeta(name, ctx);
  // startApp writes the metadata before the pidfile, so a pidfile without matching metadata was not
  // written by us (or is left from a crash). A different start time means the pid was reused by an
  // unrelated process, which must never be signalled. Without /proc (startTime "") liveness is all we have.
  if (meta === undefined || meta.pid !== pid) return undefined;
  if (meta.startTime !== "" && info.startTime !== "" && meta.startTime !== info.startTime)
    return undefined;
  return pid;
}

/** The arguments the named process was started with (from its metadata), if it is running. */
export function managedArgs(
  name: string,
  ctx: StackContext = stackContext(),
): string[] | undefined {
  return managedPid(name, ctx) === undefined ? undefined : readMeta(name, ctx)?.args;
}

/**
 * Throws when the named process is running but was started with `flag` set to another value than
 * `expected`, e.g. a port changed through its env var since. Waiting for it on the new port would only
 * time out, and starting a second copy would collide on the data dir.
 */
export function assertStartedWith(
  name: string,
  flag: string,
  expected: string,
  envVar: string,
  ctx: StackContext,
): void {
  const args = managedArgs(name, ctx);
  if (args === undefined) return;
  const actual = args[args.indexOf(flag) + 1];
  if (args.includes(flag) && actual !== expected) {
    throw new StackError(
      `this profile's ${name} (pid ${managedPid(name, ctx)}) was started with ${flag} ${actual}, not ${expected} ` +
        `(${envVar} changed?). Stop it first: tsx scripts/stack.ts stop ${name}`,
    );
  }
}

export function isRunning(name: string, ctx: StackContext = stackContext()): boolean {
  return managedPid(name, ctx) !== undefined;
}

function resolveCommand(command: string, root: string): string {
  // "node_modules/.bin/next" is relative to the repo, not to whatever directory the caller is in.
  return command.includes("/") && !path.isAbsolute(command) ? path.join(root, command) : command;
}

/**
 * Starts `command args` detached (own process group, survives the CLI exiting), cwd = repo root,
 * stdout+stderr appended to `<logsDir>/<name>.log`, pid in `<runDir>/<name>.pid`. A no-op returning the
 * existing pid when it is already running. The child's environment is the context's env (process.env
 * by default) plus LIKENESS_PROFILE, with `env` merged over it; an undefined value removes a variable.
 * Resolves once the process exists; readiness checks are the caller's (see waitForHttp).
 */
export async function startApp(
  name: string,
  command: string,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  ctx: StackContext = stackContext(),
): Promise<ManagedProcess> {
  const logFile = logFilePath(name, ctx);
  const existing = managedPid(name, ctx);
  if (existing !== undefined) return { name, pid: existing, logFile, alreadyRunning: true };

  fs.mkdirSync(ctx.runDir, { recursive: true });
  fs.mkdirSync(ctx.logsDir, { recursive: true });
  // The profile is always passed on: the child's lib/env.ts must resolve the same services whose
  // pidfiles this process is recorded next to.
  const childEnv: NodeJS.ProcessEnv = { ...ctx.env, LIKENESS_PROFILE: ctx.stack.profile };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  const resolved = resolveCommand(command, ctx.root);
  const fd = fs.openSync(logFile, "a");
  // A marker line, so the log of a process restarted many times (the tests do) can be read per run.
  fs.writeSync(fd, `\n=== ${new Date().toISOString()} start ${[command, ...args].join(" ")}\n`);
  let child;
  try {
    child = spawn(resolved, [...args], {
      cwd: ctx.root,
      env: childEnv,
      detached: true,
      stdio: ["ignore", fd, fd],
    });
  } finally {
    fs.closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) {
    const err = await new Promise<Error>((resolve) => child.once("error", resolve));
    throw new StackError(`could not start ${name} (${resolved}): ${err.message}`);
  }
  child.on("error", () => undefined);
  child.unref();
  const meta: ProcessMeta = {
    pid,
    startTime: procInfo(pid)?.startTime ?? "",
    command,
    args: [...args],
    startedAt: new Date().toISOString(),
  };
  writeAtomic(metaPath(name, ctx), `${JSON.stringify(meta, null, 2)}\n`);
  writeAtomic(pidfilePath(name, ctx), `${pid}\n`);
  return { name, pid, logFile, alreadyRunning: false };
}

/**
 * Stops the named process (SIGTERM, up to `timeoutMs`, then SIGKILL of its group) and removes its
 * pidfile. Safe on stale or missing pidfiles. Returns true when a live process was stopped.
 */
export async function stopApp(
  name: string,
  ctx: StackContext = stackContext(),
  timeoutMs = 15_000,
): Promise<boolean> {
  const pid = managedPid(name, ctx);
  if (pid !== undefined) await terminate(pid, { timeoutMs, group: true });
  removeFile(pidfilePath(name, ctx));
  removeFile(metaPath(name, ctx));
  return pid !== undefined;
}

/**
 * Waits until `url` answers with any HTTP status (a 503 from a health route still proves the server is
 * up). Fails early, with the log tail, if process `pid` exits meanwhile.
 */
export async function waitForHttp(
  url: string,
  options: { timeoutMs: number; pid?: number; name: string; logFile: string },
): Promise<number> {
  const result = await waitFor(
    async () => {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000), redirect: "manual" });
        await res.body?.cancel();
        return res.status;
      } catch {
        return undefined;
      }
    },
    {
      timeoutMs: options.timeoutMs,
      intervalMs: 50,
      abort: () => (options.pid !== undefined && !isPidAlive(options.pid) ? "exited" : undefined),
    },
  );
  if (result !== undefined && "value" in result) return result.value;
  const why =
    result === undefined
      ? `did not answer ${url} within ${options.timeoutMs / 1000} s`
      : `exited before answering ${url}`;
  throw new StackError(`${options.name} ${why}\n${tailFile(options.logFile)}`);
}

/** Gives a just-started process a moment to crash on startup (bad import, missing env) and reports it. */
export async function checkStaysUp(proc: ManagedProcess, graceMs: number): Promise<void> {
  if (proc.alreadyRunning) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isPidAlive(proc.pid)) {
      throw new StackError(`${proc.name} exited right after starting\n${tailFile(proc.logFile)}`);
    }
    await sleep(50);
  }
}
