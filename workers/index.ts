// The worker process: `tsx workers/index.ts`. Runs generation jobs from the BullMQ queue; any number of
// these processes, on any machine, can share one Redis, Postgres and bucket.
import { hostname } from "node:os";
import { Queue, Worker } from "bullmq";
import { closeDb } from "@/lib/db";
import { env } from "@/lib/env";
import { providersFromEnv } from "@/lib/providers";
import { workerConnection } from "@/lib/queue/connection";
import { type GenerationJob, type GenerationJobResult, QUEUES } from "@/lib/queue/contract";
import { generationProcessor, recordFinalFailure } from "./generation-processor";

const HEARTBEAT_MS = 10_000;

async function main(): Promise<void> {
  const config = env();
  const providers = providersFromEnv(config, { pollIntervalMs: config.providerPollMs });
  const connection = workerConnection();
  // queue.rateLimit pauses every worker of the queue when a provider answers 429.
  const queue = new Queue<GenerationJob>(QUEUES.generations, { connection: workerConnection() });
  const worker = new Worker<GenerationJob, GenerationJobResult>(
    QUEUES.generations,
    generationProcessor({ providers, queue }),
    {
      connection,
      concurrency: config.workerConcurrency,
      // A worker that dies (SIGKILL, lost machine) stops renewing its lock; after this long its job is
      // "stalled" and another worker picks it up.
      lockDuration: config.workerLockMs,
      stalledInterval: config.workerLockMs,
    },
  );
  worker.on("failed", (job, err) => {
    console.warn(`[worker] job ${job?.id ?? "?"} failed: ${err.message}`);
    void recordFinalFailure(job, err);
  });
  worker.on("stalled", (jobId) =>
    console.warn(`[worker] job ${jobId} stalled; it will be retried`),
  );
  worker.on("error", (err) => console.warn(`[worker] ${err.message}`));

  const id = `${hostname()}:${process.pid}`;
  const beat = () =>
    connection
      .set(`likeness:workers:${id}`, new Date().toISOString(), "PX", HEARTBEAT_MS * 3)
      .catch((err: Error) => console.warn(`[worker] heartbeat failed: ${err.message}`));
  await beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  console.log(
    `[worker] ${id} ready: concurrency ${config.workerConcurrency}, providers ${providers.map((p) => p.name).join(" → ")}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing active jobs, then exiting`);
    clearInterval(timer);
    // close() waits for the jobs in progress to finish and takes no new ones.
    await worker.close();
    await queue.close();
    await connection.del(`likeness:workers:${id}`).catch(() => undefined);
    await connection.quit().catch(() => connection.disconnect());
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
