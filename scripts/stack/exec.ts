import { spawn } from "node:child_process";
import fs from "node:fs";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion and captures its output. Never throws on a non-zero exit: callers decide
 * whether a failure is fatal and what to print with it (often the service's own log, which says more).
 */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", (err) =>
      resolve({ code: 127, stdout, stderr: stderr + String(err.message) }),
    );
    child.on("close", (code, signal) =>
      resolve({ code: code ?? (signal === null ? 1 : 128), stdout, stderr }),
    );
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `check` until it returns a value other than undefined, or the deadline passes (then undefined).
 * `abort` is checked between attempts so a waiter can give up as soon as the process it waits for has
 * died, instead of sitting out the whole timeout.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; abort?: () => string | undefined },
): Promise<{ value: T } | { aborted: string } | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  let interval = options.intervalMs ?? 25;
  for (;;) {
    const value = await check();
    if (value !== undefined) return { value };
    const reason = options.abort?.();
    if (reason !== undefined) return { aborted: reason };
    if (Date.now() >= deadline) return undefined;
    await sleep(interval);
    // Start fast (most services answer within tens of ms) but do not spin for a minute-long wait.
    interval = Math.min(interval * 2, 200);
  }
}

/** The last `lines` lines of a log file, indented for quoting under an error message. */
export function tailFile(file: string, lines = 25): string {
  let text: string;
  try {
    const stat = fs.statSync(file);
    // Read only the end: logs of long-lived services can be large.
    const size = Math.min(stat.size, 64 * 1024);
    const fd = fs.openSync(file, "r");
    try {
      const buf = Buffer.alloc(size);
      fs.readSync(fd, buf, 0, size, stat.size - size);
      text = buf.toString("utf8");
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return `  (no log at ${file})`;
  }
  const tail = text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(-lines);
  if (tail.length === 0) return `  (log ${file} is empty)`;
  return [`  last lines of ${file}:`, ...tail.map((l) => `  | ${l}`)].join("\n");
}
