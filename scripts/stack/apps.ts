import fs from "node:fs";
import path from "node:path";
import { StackError, type StackContext } from "./context";
import { assertPortFree } from "./ports";
import {
  assertStartedWith,
  checkStaysUp,
  logFilePath,
  managedPid,
  startApp,
  stopApp,
  waitForHttp,
} from "./processes";
import type { ServiceStatus } from "./service";

/**
 * The two app processes, `web` (next start) and `worker` (workers/index.ts via tsx). Both inherit
 * process.env plus LIKENESS_PROFILE (startApp adds it), so lib/env.ts in the child resolves the same
 * local services.
 */

/** How long `next start` may take to answer /api/health (it is ~0.5 s normally; a cold disk is slower). */
const WEB_READY_TIMEOUT_MS = 60_000;
/** A worker has no port to probe; this long alive means it got past its imports and env validation. */
const WORKER_GRACE_MS = 1500;

export function webStatus(ctx: StackContext, detail?: string): ServiceStatus {
  const pid = managedPid("web", ctx);
  return {
    name: "web",
    state: pid === undefined ? "stopped" : "running",
    port: ctx.stack.webPort,
    pid,
    url: `http://127.0.0.1:${ctx.stack.webPort}`,
    detail,
  };
}

export function workerStatus(ctx: StackContext, detail?: string): ServiceStatus {
  const pid = managedPid("worker", ctx);
  return {
    name: "worker",
    state: pid === undefined ? "stopped" : "running",
    pid,
    url: "workers/index.ts",
    detail,
  };
}

export async function ensureWeb(ctx: StackContext): Promise<ServiceStatus> {
  assertStartedWith("web", "-p", String(ctx.stack.webPort), "PORT", ctx);
  if (managedPid("web", ctx) === undefined) {
    // A missing `next build` is reported by next itself, and shows up in the log tail on failure.
    await assertPortFree("web", ctx.stack.webPort, ctx);
  }
  const proc = await startApp(
    "web",
    "node_modules/.bin/next",
    ["start", "-p", String(ctx.stack.webPort)],
    {},
    ctx,
  );
  await waitForHttp(`http://127.0.0.1:${ctx.stack.webPort}/api/health`, {
    timeoutMs: WEB_READY_TIMEOUT_MS,
    pid: proc.pid,
    name: "web",
    logFile: logFilePath("web", ctx),
  });
  return webStatus(ctx, proc.alreadyRunning ? "already running" : "started");
}

export async function ensureWorker(ctx: StackContext): Promise<ServiceStatus> {
  if (
    managedPid("worker", ctx) === undefined &&
    !fs.existsSync(path.join(ctx.root, "workers", "index.ts"))
  ) {
    throw new StackError("workers/index.ts does not exist");
  }
  const proc = await startApp("worker", "node_modules/.bin/tsx", ["workers/index.ts"], {}, ctx);
  await checkStaysUp(proc, WORKER_GRACE_MS);
  return workerStatus(ctx, proc.alreadyRunning ? "already running" : "started");
}

export async function stopWeb(ctx: StackContext): Promise<boolean> {
  return stopApp("web", ctx);
}

export async function stopWorker(ctx: StackContext): Promise<boolean> {
  return stopApp("worker", ctx);
}
