import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { producerConnection } from "@/lib/queue/connection";
import { QUEUES, webhookJobId, type WebhookJob } from "@/lib/queue/contract";

/** Tries per delivery, the first included: from 5 s (WEBHOOK_RETRY_BASE_MS), about 10 minutes in all. */
export const WEBHOOK_ATTEMPTS = 8;

export type WebhookQueue = Pick<Queue<WebhookJob>, "addBulk">;

/** Read when a job is added, never at import: the base delay comes from the environment. */
export function webhookJobOptions() {
  return {
    attempts: WEBHOOK_ATTEMPTS,
    // Jitter, so that the deliveries a receiver's outage failed together do not all retry together.
    backoff: { type: "exponential", delay: env().webhookRetryBaseMs, jitter: 0.2 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  } as const;
}

/** Queues one job per delivery; a delivery whose job is still there (waiting, retrying) joins it. */
export async function enqueueDeliveries(
  queue: WebhookQueue,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await queue.addBulk(
    ids.map((deliveryId) => ({
      name: "deliver",
      data: { deliveryId },
      opts: { jobId: webhookJobId(deliveryId), ...webhookJobOptions() },
    })),
  );
}

const globalForQueue = globalThis as typeof globalThis & {
  likenessWebhookQueue?: { queue: Queue<WebhookJob>; redis: Redis };
};

/** The web process's producer for the webhooks queue (one per process, like the generations one). */
export function webhookQueue(): Queue<WebhookJob> {
  if (!globalForQueue.likenessWebhookQueue) {
    const redis = producerConnection();
    globalForQueue.likenessWebhookQueue = {
      queue: new Queue<WebhookJob>(QUEUES.webhooks, { connection: redis }),
      redis,
    };
  }
  return globalForQueue.likenessWebhookQueue.queue;
}

export async function closeWebhookQueue(): Promise<void> {
  const current = globalForQueue.likenessWebhookQueue;
  globalForQueue.likenessWebhookQueue = undefined;
  if (current) {
    await current.queue.close();
    current.redis.disconnect();
  }
}
