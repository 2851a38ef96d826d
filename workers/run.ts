import type { Env } from "@/lib/env";
import { providersFromEnv } from "@/lib/providers";
import { queueGenerationWebhooks } from "@/lib/webhooks/deliveries";
import { closeQueues, worker } from "@/lib/queue/queues";
import { createRedis, quitRedis } from "@/lib/redis";
import { BusyGate } from "./busy-gate";
import { galleryProcessor } from "./gallery-processor";
import { generationProcessor, recordFinalFailure, variantsProcessor } from "./generation-processor";
import { IdentityConcurrency } from "./identity-concurrency";
import { startWebhookWorker } from "./webhook-processor";
import { logger } from "@/lib/observability/log";

const log = logger("worker");

/**
 * WebP variants are CPU work (sharp) that nobody is waiting on: one at a time per process keeps them
 * from slowing the generations people are waiting for on a small machine.
 */
const VARIANTS_CONCURRENCY = 1;

export interface RunningWorkers {
  providers: string[];
  /** Waits for the active jobs to finish, takes no new ones, and closes the connections. */
  close(): Promise<void>;
}

/** The generation worker (people's requests and gallery batch jobs) and the variants worker. */
export function startWorkers(config: Env): RunningWorkers {
  const providers = providersFromEnv(config, { pollIntervalMs: config.providerPollMs });
  const slots = createRedis("blocking", "concurrency");
  const webhooks = startWebhookWorker(config);
  const onEnded = (generationId: string) => queueGenerationWebhooks(generationId);
  const generate = generationProcessor({
    providers,
    concurrency: new IdentityConcurrency(slots),
    onEnded,
  });
  const gallery = galleryProcessor({ providers });

  // People's generations running here; the variants wait for a lull (see BusyGate).
  const busy = new BusyGate();
  const generations = worker(
    "generations",
    async (job, token) => {
      if (job.name === "gallery") return gallery(job);
      busy.enter();
      try {
        return await generate(job, token);
      } finally {
        busy.leave();
      }
    },
    {
      concurrency: config.workerConcurrency,
      // A worker that dies (SIGKILL, lost machine) stops renewing its lock; after this long its job is
      // "stalled" and another worker picks it up.
      lockDuration: config.workerLockMs,
      stalledInterval: config.workerLockMs,
    },
  );
  generations.on("failed", (job, err) => {
    log.warn({ jobId: job?.id, err: err.message }, "job failed");
    if (job?.name === "generate") void recordFinalFailure(job, err, onEnded);
  });
  generations.on("stalled", (jobId) => log.warn({ jobId }, "job stalled; it will be retried"));

  const makeVariants = variantsProcessor();
  const variants = worker(
    "variants",
    async (job) => {
      await busy.idle();
      return makeVariants(job);
    },
    { concurrency: VARIANTS_CONCURRENCY },
  );
  variants.on("failed", (job, err) =>
    log.warn({ jobId: job?.id, err: err.message }, "variants job failed"),
  );

  return {
    providers: providers.map((p) => p.name),
    async close() {
      // close() waits for the jobs in progress to finish and takes no new ones.
      await Promise.all([generations.close(), variants.close(), webhooks.close()]);
      await closeQueues();
      await quitRedis(slots);
    },
  };
}
