import fs from "node:fs";
import path from "node:path";
import { StackError, type StackContext } from "./context";
import { sleep } from "./exec";
import { isPidAlive, readPidfile } from "./processes";

/**
 * One start/stop at a time per profile. Two `up`s racing (a test runner's global setup and a developer's
 * terminal, or parallel test files) would otherwise both see "not running" and start two servers on
 * one port or one data dir. Reentrant within a process, so ensureServices can call startService.
 */
const held = new Map<string, number>();

export async function withStackLock<T>(ctx: StackContext, fn: () => Promise<T>): Promise<T> {
  const file = path.join(ctx.runDir, "stack.lock");
  const depth = held.get(file) ?? 0;
  if (depth === 0) await acquire(file);
  held.set(file, depth + 1);
  try {
    return await fn();
  } finally {
    const left = (held.get(file) ?? 1) - 1;
    if (left === 0) {
      held.delete(file);
      fs.rmSync(file, { force: true });
    } else {
      held.set(file, left);
    }
  }
}

async function acquire(file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    // Write the pid to a private file and hard-link it into place: the link appears atomically and
    // complete, so a reader never sees an empty lock and mistakes it for a stale one.
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, `${process.pid}\n`);
    try {
      fs.linkSync(tmp, file);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    const owner = readPidfile(file);
    // A lock left by a killed command (Ctrl-C mid-start) must not block every later one.
    if (owner === undefined || !isPidAlive(owner)) {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new StackError(`another stack command (pid ${owner}) has held ${file} for 3 minutes`);
    }
    await sleep(100);
  }
}
