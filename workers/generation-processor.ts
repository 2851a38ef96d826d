import { type Job, type Queue, RateLimitError, UnrecoverableError } from "bullmq";
import {
  markFailed,
  markRunning,
  markSucceeded,
  getGeneration,
} from "@/lib/generations/repository";
import { storeImage } from "@/lib/images/store-image";
import { generateWithFallback } from "@/lib/providers/chain";
import { outputAsPng } from "@/lib/providers/output-image";
import { type ImageProvider, ProviderError } from "@/lib/providers/types";
import {
  type GenerationJob,
  type GenerationJobResult,
  generationJobSchema,
  type GenerationProgress,
} from "@/lib/queue/contract";

/**
 * Runs one generation job: providers in order, output stored as variants, the row marked succeeded.
 *
 * Idempotent: a job retried after its worker died finds a succeeded row and stops, and a job that dies
 * between storing and recording stores identical content-addressed objects again. So a crash costs at
 * most one more provider call, never a second image or row.
 */
export function generationProcessor(deps: {
  providers: readonly ImageProvider[];
  queue: Pick<Queue, "rateLimit">;
}) {
  return async (job: Job<GenerationJob, GenerationJobResult>): Promise<GenerationJobResult> => {
    const data = generationJobSchema.parse(job.data);
    const row = await getGeneration(data.generationId);
    if (!row) throw new UnrecoverableError(`Generation ${data.generationId} does not exist`);
    if (row.status === "succeeded")
      return { generationId: row.id, provider: row.provider ?? "unknown" };

    const progress = (p: GenerationProgress) => job.updateProgress({ ...p }).catch(() => undefined);
    await markRunning(row.id);
    await progress({ stage: "submitted", percent: 5 });

    const started = performance.now();
    let result;
    try {
      result = await generateWithFallback(deps.providers, data.request, {
        onProgress: (p) =>
          void progress({
            stage: p.stage === "queued" ? "queued" : "generating",
            percent: 10 + Math.round((p.percent ?? 0) * 0.75),
            providerQueuePosition: p.queuePosition,
          }),
        onFallback: (from, error) =>
          console.warn(
            `[worker] ${row.id}: ${from} failed (${error.message}), trying the next provider`,
          ),
      });
    } catch (error) {
      throw await classify(error, job, row.id, deps.queue);
    }
    if (result.nsfw) {
      await markFailed(row.id, "content_flagged", "The provider flagged the image as unsafe.");
      throw new UnrecoverableError("content_flagged");
    }

    await progress({ stage: "storing", percent: 90, provider: result.provider });
    const stored = await storeImage(await outputAsPng(result));
    await markSucceeded(row.id, {
      provider: result.provider,
      model: result.model,
      keys: stored.keys,
      seed: result.seed,
      width: stored.width,
      height: stored.height,
      latencyMs: result.latencyMs || performance.now() - started,
      costUsd: result.costUsd,
    });
    await progress({ stage: "done", percent: 100, provider: result.provider });
    return { generationId: row.id, provider: result.provider };
  };
}

/**
 * What BullMQ should do with a failure: wait out a rate limit without using an attempt, stop at once
 * on a permanent failure, or retry with backoff; the row is marked failed when no retry is left.
 */
async function classify(
  error: unknown,
  job: Job,
  id: string,
  queue: Pick<Queue, "rateLimit">,
): Promise<Error> {
  if (error instanceof ProviderError && error.kind === "rate_limited") {
    await queue.rateLimit(error.retryAfterMs ?? 5_000);
    return new RateLimitError();
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ProviderError && error.kind === "permanent") {
    await markFailed(id, "provider_rejected", message);
    return new UnrecoverableError(message);
  }
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (lastAttempt)
    await markFailed(id, "providers_unavailable", `No provider could make the image: ${message}`);
  return error instanceof Error ? error : new Error(message);
}

/**
 * BullMQ can fail a job without our processor seeing it: a job that stalled more often than
 * maxStalledCount (its workers kept dying) is moved to failed directly. Any final failure must still
 * end the row, or it would read "running" forever. markFailed leaves ended rows alone, so a failure
 * the processor already recorded is not recorded twice.
 */
export async function recordFinalFailure(
  job: Job<GenerationJob> | undefined,
  error: Error,
): Promise<void> {
  if (!job) return;
  const final =
    error instanceof UnrecoverableError ||
    /stalled more than allowable limit/i.test(error.message) ||
    job.attemptsMade >= (job.opts.attempts ?? 1);
  if (!final) return;
  const lost = /stalled/i.test(error.message);
  await markFailed(
    job.data.generationId,
    lost ? "worker_lost" : "generation_failed",
    lost ? "The workers handling this generation kept stopping before it finished." : error.message,
  ).catch((e: Error) =>
    console.warn(`[worker] could not record the failure of ${job.id}: ${e.message}`),
  );
}
