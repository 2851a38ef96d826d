import {
  markFailed,
  markRunning,
  markSucceeded,
  getGeneration,
  recordVariants,
} from "@/lib/generations/repository";
import { announceGeneration } from "@/lib/feed/publish";
import { forgetSuccess } from "@/lib/generations/hot-cache";
import { storeOriginal, storeVariants } from "@/lib/images/store-image";
import { getObjectBytes } from "@/lib/storage";
import type { IdentityConcurrency } from "./identity-concurrency";
import { AllProvidersDownError, generateWithFallback } from "@/lib/providers/chain";
import { createLocalProvider } from "@/lib/providers/local";
import { outputAsPng } from "@/lib/providers/output-image";
import { type ImageProvider, ProviderError } from "@/lib/providers/types";
import {
  type GenerationJob,
  type GenerationJobResult,
  generationJobSchema,
  type GenerationProgress,
  type VariantsJob,
  variantsJobSchema,
} from "@/lib/queue/contract";
import { withLogContext } from "@/lib/observability/context";
import { RateLimitError, UnrecoverableError } from "@/lib/queue/errors";
import { enqueueVariants } from "@/lib/queue/producer";
import { type ContractJob, queue } from "@/lib/queue/queues";
import { logger } from "@/lib/observability/log";

const log = logger("worker");

type Job = ContractJob<"generations">;

export interface GenerationDeps {
  providers: readonly ImageProvider[];
  /** Asks for the WebP variants of a new generation, made after the person has the original. */
  requestVariants?: (generationId: string) => Promise<void>;
  /** Caps how many of one owner's jobs run at once; absent, nothing is capped (tests). */
  concurrency?: IdentityConcurrency;
  /**
   * Told after every run of a job, to send the webhooks of a generation that has ended (a no-op
   * while it has not: a try that will be retried). Absent, no webhooks are sent (tests).
   */
  onEnded?: (generationId: string) => Promise<unknown>;
}

/**
 * Runs one generation job: providers in order, the original stored, the row marked succeeded; the
 * WebP variants follow on their own queue, off the path the person is waiting on.
 *
 * Idempotent: a job retried after its worker died finds a succeeded row and stops, and a job that dies
 * between storing and recording stores identical content-addressed objects again. So a crash costs at
 * most one more provider call, never a second image or row.
 */
export function generationProcessor(deps: GenerationDeps) {
  return async (job: Job, token?: string): Promise<GenerationJobResult> => {
    const data = generationJobSchema.parse(job.data);
    const context = { requestId: data.requestId, jobId: job.id, generationId: data.generationId };
    return withLogContext(context, () => run(deps, job, data, token));
  };
}

async function run(
  deps: GenerationDeps,
  job: Job,
  data: GenerationJob,
  token: string | undefined,
): Promise<GenerationJobResult> {
  try {
    if (!deps.concurrency) return await generate(deps, job, data);
    return await deps.concurrency.run(job, token, data.owner, () => generate(deps, job, data));
  } finally {
    await deps
      .onEnded?.(data.generationId)
      .catch((e: Error) => log.warn({ err: e.message }, "could not queue the webhooks"));
  }
}

async function generate(
  deps: GenerationDeps,
  job: Job,
  data: GenerationJob,
): Promise<GenerationJobResult> {
  const row = await getGeneration(data.generationId);
  if (!row) throw new UnrecoverableError(`Generation ${data.generationId} does not exist`);
  if (row.status === "succeeded") {
    // Died after recording but before asking for the variants: ask again (a no-op if they exist).
    if (row.object_keys?.variants_pending) await requestVariants(deps, row.id);
    return { generationId: row.id, provider: row.provider ?? "unknown" };
  }

  const progress = (p: GenerationProgress) => job.updateProgress({ ...p }).catch(() => undefined);
  await markRunning(row.id);
  await progress({ stage: "submitted", percent: 5 });

  const started = performance.now();
  let result;
  try {
    result = await generateWithFallback(providersFor(deps, data.request), data.request, {
      onProgress: (p) =>
        void progress({
          stage: p.stage === "queued" ? "queued" : "generating",
          percent: 10 + Math.round((p.percent ?? 0) * 0.75),
          providerQueuePosition: p.queuePosition,
        }),
      onFallback: (from, error) =>
        log.warn({ provider: from, err: error.message }, "provider failed, trying the next"),
    });
  } catch (error) {
    throw await jobFailure(error, job, (code, message) => markFailed(row.id, code, message));
  }
  if (result.nsfw) {
    await markFailed(row.id, "content_flagged", "The provider flagged the image as unsafe.");
    throw new UnrecoverableError("content_flagged");
  }

  await progress({ stage: "storing", percent: 90, provider: result.provider });
  const output = await outputAsPng(result);
  // A private generation's image gets a key only its record names (lib/images/variants.ts).
  const stored = await storeOriginal(output.png, output, {
    ...(row.private ? { privateScope: `${row.id}:${row.request_hash}` } : {}),
  });
  const recorded = await markSucceeded(row.id, {
    provider: result.provider,
    model: result.model,
    keys: { png: stored.key, webp: {}, variants_pending: true },
    seed: result.seed,
    width: stored.width,
    height: stored.height,
    latencyMs: result.latencyMs || performance.now() - started,
    costUsd: result.costUsd,
  });
  await progress({ stage: "done", percent: 100, provider: result.provider });
  // Once, by the run that recorded it; a private row is never published (lib/feed).
  if (recorded) await announceGeneration(row.id);
  await requestVariants(deps, row.id);
  return { generationId: row.id, provider: result.provider };
}

/** The built-in generator for a request pinned to it (a spent budget), else the provider chain. */
function providersFor(
  deps: GenerationDeps,
  request: GenerationJob["request"],
): readonly ImageProvider[] {
  if (request.generator !== "local") return deps.providers;
  return [deps.providers.find((p) => p.name === "local") ?? localProvider()];
}

let local: ImageProvider | undefined;
function localProvider(): ImageProvider {
  local ??= createLocalProvider();
  return local;
}

/**
 * Not fatal when it fails: the person has the original either way, and a generation whose variants
 * never came still shows and downloads its PNG (the API lists only the WebP sizes that exist).
 */
async function requestVariants(deps: GenerationDeps, generationId: string): Promise<void> {
  await (deps.requestVariants ?? enqueueVariants)(generationId).catch((e: Error) =>
    log.warn({ generationId, err: e.message }, "could not queue the variants"),
  );
}

/** Makes the WebP variants of a succeeded generation from its stored original, and records them. */
export function variantsProcessor() {
  return async (job: { data: VariantsJob }): Promise<void> => {
    const { generationId } = variantsJobSchema.parse(job.data);
    const row = await getGeneration(generationId);
    if (!row || row.status !== "succeeded" || !row.object_keys) return;
    if (!row.object_keys.variants_pending) return;
    const png = await getObjectBytes(row.object_keys.png);
    if (!png) throw new UnrecoverableError(`the original of ${generationId} is missing`);
    const variants = await storeVariants(png, row.object_keys.png);
    await recordVariants(generationId, variants.webp);
    await forgetSuccess(row.request_hash);
  };
}

/**
 * What BullMQ should do with a failure: wait out a rate limit without using an attempt, stop at once
 * on a permanent failure, or retry with backoff. `recordFailure` is told when no retry is left.
 */
export async function jobFailure(
  error: unknown,
  job: Pick<Job, "attemptsMade" | "opts">,
  recordFailure: (code: string, message: string) => Promise<unknown> = async () => undefined,
): Promise<Error> {
  if (error instanceof ProviderError && error.kind === "rate_limited") {
    // Pauses every worker of the queue, across processes, until the provider will take more.
    await queue("generations").rateLimit(error.retryAfterMs ?? 5_000);
    return new RateLimitError();
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof AllProvidersDownError) {
    await recordFailure("providers_unavailable", message);
    return new UnrecoverableError(message);
  }
  if (error instanceof ProviderError && error.flagged) {
    // Fal and Replicate refuse flagged output themselves: the same answer as a result marked nsfw.
    await recordFailure("content_flagged", "The provider flagged the image as unsafe.");
    return new UnrecoverableError(message);
  }
  if (error instanceof ProviderError && error.kind === "permanent") {
    await recordFailure("provider_rejected", message);
    return new UnrecoverableError(message);
  }
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (lastAttempt)
    await recordFailure("providers_unavailable", `No provider could make the image: ${message}`);
  return error instanceof Error ? error : new Error(message);
}

/**
 * BullMQ can fail a job without our processor seeing it: a job that stalled more often than
 * maxStalledCount (its workers kept dying) is moved to failed directly. Any final failure must still
 * end the row, or it would read "running" forever. markFailed leaves ended rows alone, so a failure
 * the processor already recorded is not recorded twice.
 */
export async function recordFinalFailure(
  job: Job | undefined,
  error: Error,
  onEnded?: GenerationDeps["onEnded"],
): Promise<void> {
  if (!job) return;
  const final =
    error instanceof UnrecoverableError ||
    /stalled more than allowable limit/i.test(error.message) ||
    job.attemptsMade >= (job.opts.attempts ?? 1);
  if (!final) return;
  const lost = /stalled/i.test(error.message);
  const { generationId } = generationJobSchema.pick({ generationId: true }).parse(job.data);
  await markFailed(
    generationId,
    lost ? "worker_lost" : "generation_failed",
    lost ? "The workers handling this generation kept stopping before it finished." : error.message,
  ).catch((e: Error) =>
    log.warn({ jobId: job.id, err: e.message }, "could not record the failure"),
  );
  await onEnded?.(generationId).catch(() => undefined);
}
