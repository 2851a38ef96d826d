import { ApiError } from "@/lib/api/errors";
import { logContext } from "@/lib/observability/context";
import {
  alertJobId,
  galleryJobId,
  generationJobId,
  type GenerationJob,
  variantsJobId,
  webhookJobId,
} from "./contract";
import { addJob, addJobs, type ContractJob, queue, queueRedis } from "./queues";
import { logger } from "@/lib/observability/log";

const log = logger("queue");

/**
 * Enqueues a generation, or joins the job already in flight for the same request: BullMQ ignores an
 * add whose job id exists, and returns the existing job. A *finished* job with that id (a failure
 * being asked for again, kept for inspection) would swallow the new request the same way, so it goes.
 */
export async function enqueueGeneration(
  data: GenerationJob,
  priority: number,
): Promise<ContractJob<"generations">> {
  const jobId = generationJobId(data.requestHash);
  try {
    const previous = await queue("generations").getJob(jobId);
    if (previous && ((await previous.isFailed()) || (await previous.isCompleted()))) {
      await previous.remove();
    }
    const payload = { ...data, requestId: data.requestId ?? logContext().requestId };
    const job = await addJob("generations", "generate", payload, { jobId, priority });
    log.info({ generationId: data.generationId, jobId, priority }, "generation queued");
    return job;
  } catch (error) {
    throw new ApiError(
      "service_unavailable",
      "The generation queue is unavailable. Please try again shortly.",
      { cause: error },
    );
  }
}

/**
 * Queues gallery entries at batch priority, behind every person's request. Entries already queued or
 * running are left alone (same job id); a failed earlier attempt is cleared so the entry is tried again.
 */
export async function enqueueGalleryJobs(indices: readonly number[]): Promise<void> {
  const wanted = new Set(indices.map(galleryJobId));
  for (const job of await queue("generations").getFailed()) {
    if (job?.id && wanted.has(job.id)) await job.remove();
  }
  for (let i = 0; i < indices.length; i += 500) {
    await addJobs(
      "generations",
      "gallery",
      indices
        .slice(i, i + 500)
        .map((index) => ({ data: { index }, options: { jobId: galleryJobId(index) } })),
    );
  }
}

/** Asks for the WebP variants of a stored generation (a no-op while that job is still there). */
export async function enqueueVariants(generationId: string): Promise<void> {
  await addJob("variants", "variants", { generationId }, { jobId: variantsJobId(generationId) });
}

/** Queues one delivery job per id; a delivery whose job is still there (waiting, retrying) joins it. */
export async function enqueueWebhookDeliveries(ids: readonly string[]): Promise<void> {
  await addJobs(
    "webhooks",
    "deliver",
    ids.map((deliveryId) => ({
      data: { deliveryId },
      options: { jobId: webhookJobId(deliveryId) },
    })),
  );
}

/** Queues the webhook of a budget alert (sent once; a second enqueue joins the first). */
export async function enqueueBudgetAlert(alertId: string): Promise<void> {
  await addJob("webhooks", "alert", { alertId }, { jobId: alertJobId(alertId) });
}

/**
 * 1-based place of a job in line (1 = next to start), 0 once it is running, null when it is not in
 * the queue. Exact and cheap: a rank in BullMQ's prioritized sorted set, after the unprioritized list.
 */
export async function queuePosition(jobId: string): Promise<number | null> {
  const generations = queue("generations");
  const client = queueRedis("generations");
  const [rank, waiting, active] = await Promise.all([
    client.zrank(generations.keys.prioritized!, jobId),
    client.llen(generations.keys.wait!),
    client.lpos(generations.keys.active!, jobId),
  ]);
  if (active !== null) return 0;
  return rank === null ? null : waiting + rank + 1;
}

/**
 * Why a generation's job failed for good, or null while it has not (it is waiting, running or being
 * retried) or is gone. What a follower reports when the row itself could not be written or read.
 */
export async function finalFailureOf(jobId: string): Promise<string | null> {
  const job = await queue("generations").getJob(jobId);
  if (!job || !(await job.isFailed())) return null;
  return job.failedReason || "The generation failed.";
}
