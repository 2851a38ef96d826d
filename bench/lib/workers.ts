import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** A worker process (`tsx workers/index.ts`, the production entry point) that can be stopped and awaited. */
export interface WorkerProcess {
  pid: number;
  /** CPU time (user + system) used so far by the worker's processes (tsx and the node it runs). */
  cpuMs(): number;
  /** SIGTERM (the worker finishes its active jobs), then waits for the exit; SIGKILL after graceMs. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
let hooked = false;

/**
 * The worker runs in its own process group (tsx starts the real node process as its child), so a
 * worker that ignores SIGTERM can be killed whole, and nothing outlives the benchmark: live workers are
 * killed when the benchmark exits, and stopped first when it is interrupted.
 */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", () => {
    for (const child of live) killGroup(child, "SIGKILL");
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping ${live.size} worker process(es)…`);
      for (const child of live) killGroup(child, "SIGTERM");
      setTimeout(() => process.exit(130), 5_000).unref();
      const waits = [...live].map((c) => new Promise((resolve) => c.once("exit", resolve)));
      void Promise.all(waits).then(() => process.exit(130));
    });
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Starts a worker process with `env`, resolved once it prints `ready:`. */
export async function startWorkerProcess(
  env: NodeJS.ProcessEnv,
  readyTimeoutMs = 60_000,
): Promise<WorkerProcess> {
  hookExit();
  const child = spawn("node_modules/.bin/tsx", ["workers/index.ts"], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  live.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      live.delete(child);
      resolve();
    });
  });
  const stop = async (graceMs = 30_000): Promise<void> => {
    if (!live.has(child)) return;
    // tsx relays SIGTERM to the node process it runs; the worker drains its active jobs and exits.
    child.kill("SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };

  let output = "";
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the worker did not report ready within ${readyTimeoutMs} ms`)),
        readyTimeoutMs,
      );
      // Keep reading after ready, or a full pipe would block the worker's logging.
      child.stdout!.on("data", (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-4_096);
        if (output.includes("ready:")) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the worker exited before it was ready:\n${output}`));
      });
    });
  } catch (error) {
    await stop(5_000);
    throw error;
  }
  return { pid: child.pid!, cpuMs: () => groupCpuMs(child.pid!), stop };
}

let ticksPerSecond: number | undefined;

/** CPU time of the live processes of a process group, from /proc (Linux; NaN elsewhere). */
export function groupCpuMs(pgid: number): number {
  ticksPerSecond ??= Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim()) || 100;
  let ticks = 0;
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return Number.NaN;
  }
  for (const pid of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // After "pid (comm) ": state ppid pgrp … utime stime, fields 3, 4, 5, 14, 15 of proc(5).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks / ticksPerSecond) * 1000;
}

/** Stops every worker in `workers` at once and waits for all of them to exit. */
export async function stopWorkers(workers: readonly WorkerProcess[]): Promise<void> {
  await Promise.all(workers.map((w) => w.stop()));
}
