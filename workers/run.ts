import { type Job, Queue, Worker } from "bullmq";
import type { Env } from "@/lib/env";
import { providersFromEnv } from "@/lib/providers";
import { workerConnection } from "@/lib/queue/connection";
import {
  type GalleryJob,
  type GenerationJob,
  JOB_NAMES,
  QUEUES,
  type VariantsJob,
} from "@/lib/queue/contract";
import { galleryProcessor } from "./gallery-processor";
import { BusyGate } from "./busy-gate";
import { IdentityConcurrency } from "./identity-concurrency";
import { generationProcessor, recordFinalFailure, variantsProcessor } from "./generation-processor";
import { queueGenerationWebhooks } from "@/lib/webhooks/deliveries";
import { startWebhookWorker } from "./webhook-processor";

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

type AnyGenerationJob = Job<GenerationJob | GalleryJob, unknown>;

/** The generation worker (people's requests and gallery batch jobs) and the variants worker. */
export function startWorkers(config: Env): RunningWorkers {
  const providers = providersFromEnv(config, { pollIntervalMs: config.providerPollMs });
  const connection = workerConnection();
  // queue.rateLimit pauses every worker of the queue when a provider answers 429.
  const queueConnection = workerConnection();
  const queue = new Queue(QUEUES.generations, { connection: queueConnection });
  const variantsQueue = new Queue<VariantsJob>(QUEUES.variants, { connection: queueConnection });
  const webhooks = startWebhookWorker(config);
  const onEnded = (generationId: string) => queueGenerationWebhooks(generationId, webhooks.queue);
  const generate = generationProcessor({
    providers,
    queue,
    variants: variantsQueue,
    concurrency: new IdentityConcurrency(queueConnection),
    onEnded,
  });
  const gallery = galleryProcessor({ providers, queue });

  // People's generations running here; the variants wait for a lull (see BusyGate).
  const busy = new BusyGate();
  const worker = new Worker(
    QUEUES.generations,
    async (job: AnyGenerationJob, token?: string) => {
      if (job.name === JOB_NAMES.gallery) return gallery(job as Job<GalleryJob>);
      busy.enter();
      try {
        return await generate(job as Job<GenerationJob>, token);
      } finally {
        busy.leave();
      }
    },
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
    if (job?.name === JOB_NAMES.generate)
      void recordFinalFailure(job as Job<GenerationJob>, err, onEnded);
  });
  worker.on("stalled", (jobId) =>
    console.warn(`[worker] job ${jobId} stalled; it will be retried`),
  );
  worker.on("error", (err) => console.warn(`[worker] ${err.message}`));

  const variantsConnection = workerConnection();
  const makeVariants = variantsProcessor();
  const variants = new Worker<VariantsJob>(
    QUEUES.variants,
    async (job) => {
      await busy.idle();
      return makeVariants(job);
    },
    {
      connection: variantsConnection,
      concurrency: VARIANTS_CONCURRENCY,
    },
  );
  variants.on("failed", (job, err) =>
    console.warn(`[worker] variants ${job?.id ?? "?"} failed: ${err.message}`),
  );
  variants.on("error", (err) => console.warn(`[worker] variants: ${err.message}`));

  return {
    providers: providers.map((p) => p.name),
    async close() {
      // close() waits for the jobs in progress to finish and takes no new ones.
      await Promise.all([worker.close(), variants.close(), webhooks.close()]);
      await Promise.all([queue.close(), variantsQueue.close()]);
      await Promise.all(
        [connection, queueConnection, variantsConnection].map((c) =>
          c.quit().catch(() => c.disconnect()),
        ),
      );
    },
  };
}
