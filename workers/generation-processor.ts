import { isServiceUnavailable, retryWhileUnavailable } from "@/lib/api/unavailable";
import { jobDeadlineMs } from "@/lib/catalog/deadlines";
import {
  markRunning,
  markSucceeded,
  getGeneration,
  recordVariants,
} from "@/lib/generations/repository";
import { announceGeneration } from "@/lib/feed/publish";
import { forgetSuccess } from "@/lib/generations/hot-cache";
import { type CallsOfGeneration, callsToReuse } from "@/lib/generations/provider-calls";
import { fitToSize } from "@/lib/images/fit-size";
import { storeOriginal, storeVariants } from "@/lib/images/store-image";
import { getObjectBytes } from "@/lib/storage";
import type { IdentityConcurrency } from "./identity-concurrency";
import { recordedResult } from "@/lib/providers/calls";
import { generateWithFallback } from "@/lib/providers/chain";
import { builtInOnly } from "@/lib/providers";
import { outputAsPng } from "@/lib/providers/output-image";
import type { ImageProvider, ProviderResult } from "@/lib/providers/types";
import {
  type GenerationJob,
  type GenerationJobResult,
  generationJobSchema,
  type GenerationProgress,
  type VariantsJob,
  variantsJobSchema,
} from "@/lib/queue/contract";
import { withLogContext } from "@/lib/observability/context";
import { UnrecoverableError } from "@/lib/queue/errors";
import { enqueueVariants } from "@/lib/queue/producer";
import type { ContractJob } from "@/lib/queue/queues";
import { logger } from "@/lib/observability/log";
import { callRecorder } from "./call-recorder";
import { endGeneration, finalFailure, jobFailure } from "./failure";

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
  /**
   * Calls one provider may have in flight in this process; the next job goes to the other provider.
   * Absent, no cap (tests).
   */
  providerSlots?: number;
}

/** How long a worker holding an image keeps trying to store and record it through an outage. */
const KEEP_TRYING_MS = 20_000;

/**
 * Runs one generation job: the image from a provider call an earlier try already paid for (its
 * recorded output, or the call itself resumed), else from the providers in order within the job's
 * deadline; the original stored at the requested size, the row marked succeeded; the WebP variants
 * follow on their own queue, off the path the person is waiting on.
 *
 * Idempotent: a job retried after its worker died finds a succeeded row and stops, or resumes the
 * provider call the dead worker made (recorded in provider_calls as soon as it had an id), and
 * content-addressed storage makes a second store of the same image a no-op. A database or storage
 * outage is waited out (lib/api/unavailable.ts, failure.ts) without using a try.
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
    const work = () => generate(deps, job, data, token);
    if (!deps.concurrency) return await work();
    return await deps.concurrency.run(job, token, data.owner, work);
  } catch (error) {
    // The database or storage went away mid-job: wait for it (failure.ts), without using a try.
    if (isServiceUnavailable(error)) throw await jobFailure(error, { job, token });
    throw error;
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
  token: string | undefined,
): Promise<GenerationJobResult> {
  const row = await getGeneration(data.generationId);
  if (!row) throw new UnrecoverableError(`Generation ${data.generationId} does not exist`);
  if (row.status === "succeeded") {
    // Died after recording but before asking for the variants: ask again (a no-op if they exist).
    if (row.object_keys?.variants_pending) await requestVariants(deps, row.id);
    return { generationId: row.id, provider: row.provider ?? "unknown" };
  }
  const { model } = data.request;
  const deadline = await markRunning(row.id, jobDeadlineMs(model, job.opts.attempts ?? 1));
  // Ended meanwhile (the reconciler gave it up): this job is stale.
  if (!deadline) return { generationId: row.id, provider: row.provider ?? "none" };
  const deadlineAt = new Date(deadline).getTime();

  const progress = (p: GenerationProgress) => job.updateProgress({ ...p }).catch(() => undefined);
  await progress({ stage: "submitted", percent: 5 });
  const failed = (error: unknown) =>
    jobFailure(error, {
      job,
      token,
      deadlineAt,
      end: (code, message) => endGeneration(row.id, code, message),
    });

  const started = performance.now();
  const recorder = callRecorder({ generationId: row.id });
  const calls = await callsToReuse(row.id);
  let made = await recordedImage(deps.providers, calls.succeeded);
  if (!made) {
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
        onCall: recorder.onCall,
        resumable: calls.open,
        deadlineAt,
        providerSlots: deps.providerSlots,
      });
    } catch (error) {
      await recorder.flush();
      throw await failed(error);
    }
    if (result.nsfw) {
      await recorder.flush();
      await endGeneration(row.id, "content_flagged", "The provider flagged the image as unsafe.");
      throw finalFailure("content_flagged", "The provider flagged the image as unsafe.");
    }
    await progress({ stage: "storing", percent: 90, provider: result.provider });
    try {
      made = { result, image: await outputAsPng(result) };
    } catch (error) {
      await recorder.flush();
      throw await failed(error);
    }
  }

  const { result } = made;
  const { width, height } = data.request;
  const image = await fitToSize(made.image, width, height);
  // The image is paid for and in hand: a storage or database blip is waited out here, not redone.
  // A private generation's image gets a key only its record names (lib/images/variants.ts).
  const scope = row.private ? { privateScope: `${row.id}:${row.request_hash}` } : {};
  const stored = await keepTrying(() => storeOriginal(image.png, image, scope));
  await recorder.flush();
  const recorded = await keepTrying(() =>
    markSucceeded(row.id, {
      provider: result.provider,
      model: result.model,
      keys: { png: stored.key, webp: {}, variants_pending: true },
      seed: result.seed,
      width: stored.width,
      height: stored.height,
      latencyMs: result.latencyMs || performance.now() - started,
      costUsd: result.costUsd,
    }),
  );
  await progress({ stage: "done", percent: 100, provider: result.provider });
  // Once, by the run that recorded it; a private row is never published (lib/feed).
  if (recorded) {
    await announceGeneration(row.id).catch((e: Error) =>
      log.warn({ err: e.message }, "could not announce the generation"),
    );
  }
  await requestVariants(deps, row.id);
  return { generationId: row.id, provider: result.provider };
}

/** The built-in generator for a request pinned to it (a spent budget), else the provider chain. */
function providersFor(
  deps: GenerationDeps,
  request: GenerationJob["request"],
): readonly ImageProvider[] {
  return request.generator === "local" ? builtInOnly(deps.providers) : deps.providers;
}

function keepTrying<T>(work: () => Promise<T>): Promise<T> {
  return retryWhileUnavailable(work, {
    forMs: KEEP_TRYING_MS,
    onRetry: (error, delayMs) =>
      log.warn({ err: (error as Error).message, delayMs }, "a service is down; trying again"),
  });
}

/**
 * The image of a call an earlier try already paid for and never stored, downloaded again from the
 * provider's output URL. Undefined when there is none, or its URL no longer serves it.
 */
async function recordedImage(
  providers: readonly ImageProvider[],
  succeeded: CallsOfGeneration["succeeded"],
): Promise<{ result: ProviderResult; image: Awaited<ReturnType<typeof outputAsPng>> } | undefined> {
  for (const call of succeeded) {
    const provider = providers.find((p) => p.name === call.provider);
    if (!provider) continue;
    const result = recordedResult(provider, call);
    try {
      return { result, image: await outputAsPng(result) };
    } catch (error) {
      log.warn({ callId: call.id, err: (error as Error).message }, "recorded output is gone");
    }
  }
  return undefined;
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
