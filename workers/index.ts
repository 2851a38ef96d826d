// The worker process: `tsx workers/index.ts`. Runs generation jobs (people's and gallery batch jobs)
// and image-variant jobs from BullMQ; any number of these processes, on any machine, can share one
// Redis, Postgres and bucket.
import { hostname } from "node:os";
import { closeDb } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/observability/log";
import { setProcessRole } from "@/lib/observability/metrics";
import { createRedis, quitRedis } from "@/lib/redis";
import { startMetricsServer } from "./metrics-server";
import { startWorkers } from "./run";

const HEARTBEAT_MS = 10_000;
const log = logger("worker");

async function main(): Promise<void> {
  const config = env();
  setProcessRole("worker");
  const metrics = await serveMetrics(config.workerMetricsPort, config.metricsToken);
  const workers = startWorkers(config);
  const redis = createRedis("blocking", "heartbeat");
  const id = `${hostname()}:${process.pid}`;
  const beat = () =>
    redis
      .set(`likeness:workers:${id}`, new Date().toISOString(), "PX", HEARTBEAT_MS * 3)
      .catch((err: Error) => log.warn({ err: err.message }, "heartbeat failed"));
  await beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  // scripts and tests wait for "ready: concurrency" on stdout.
  log.info(
    { worker: id, concurrency: config.workerConcurrency, providers: workers.providers },
    `${id} ready: concurrency ${config.workerConcurrency}, providers ${workers.providers.join(" → ")}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "finishing active jobs, then exiting");
    clearInterval(timer);
    await workers.close();
    await metrics?.close();
    await redis.del(`likeness:workers:${id}`).catch(() => undefined);
    await quitRedis(redis);
    await closeDb();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

async function serveMetrics(port: number | undefined, token: string | undefined) {
  if (port === undefined) return undefined;
  try {
    const server = await startMetricsServer(port, token);
    log.info({ metricsPort: server.port }, `metrics on http://0.0.0.0:${server.port}/metrics`);
    return server;
  } catch (error) {
    const taken = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
    throw new Error(
      taken
        ? `WORKER_METRICS_PORT ${port} is in use: give each worker its own port, or 0 for any free one`
        : `could not serve metrics on WORKER_METRICS_PORT ${port}: ${(error as Error).message}`,
    );
  }
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, "failed to start");
  process.exit(1);
});
