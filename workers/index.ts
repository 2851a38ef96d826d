// The worker process: `tsx workers/index.ts`. Runs generation jobs (people's and gallery batch jobs)
// and image-variant jobs from BullMQ; any number of these processes, on any machine, can share one
// Redis, Postgres and bucket.
import { hostname } from "node:os";
import { closeDb } from "@/lib/db";
import { env } from "@/lib/env";
import { createRedis, quitRedis } from "@/lib/redis";
import { startWorkers } from "./run";

const HEARTBEAT_MS = 10_000;

async function main(): Promise<void> {
  const config = env();
  const workers = startWorkers(config);
  const redis = createRedis("blocking", "heartbeat");
  const id = `${hostname()}:${process.pid}`;
  const beat = () =>
    redis
      .set(`likeness:workers:${id}`, new Date().toISOString(), "PX", HEARTBEAT_MS * 3)
      .catch((err: Error) => console.warn(`[worker] heartbeat failed: ${err.message}`));
  await beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  console.log(
    `[worker] ${id} ready: concurrency ${config.workerConcurrency}, providers ${workers.providers.join(" → ")}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing active jobs, then exiting`);
    clearInterval(timer);
    await workers.close();
    await redis.del(`likeness:workers:${id}`).catch(() => undefined);
    await quitRedis(redis);
    await closeDb();
    console.log("[worker] stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("[worker] failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
