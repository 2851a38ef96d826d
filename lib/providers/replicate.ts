import Replicate, { parseProgressFromLogs, type Prediction } from "replicate";
import { z } from "zod";
import { deadline, progressReporter, queueTimeCredit, untilAborted } from "./deadline";
import {
  abortedByCaller,
  fromFailedPrediction,
  fromReplicateError,
  malformedOutput,
  statusOfVendorError,
  timedOut,
} from "./errors";
import { endpointHostOf, fromEndpoint, imageUrlProblem } from "./output";
import {
  REPLICATE_MODELS,
  replicateInput,
  replicateOutputSize,
  USD_PER_IMAGE,
} from "./replicate-input";
import { fetchWithout429Retries } from "./submit-429";
import {
  CallGoneError,
  type GenerateOptions,
  ProviderError,
  type ImageProvider,
  type ProviderProgress,
  type ProviderResult,
} from "./types";
import { type GenerationRequest } from "@/lib/catalog/generation-request";

export interface ReplicateProviderOptions {
  token: string;
  /** Replaces https://api.replicate.com/v1 (the provider simulator: http://127.0.0.1:45800/v1). */
  baseUrl?: string;
  timeoutMs?: number;
  pollIntervalMs?: number;
  /**
   * Seconds the create call may block (Prefer: wait=n) for a finished prediction. Off by default:
   * while blocked we hold no prediction id, so a timeout or abort could not cancel it, and there is
   * no progress to report.
   */
  preferWaitSeconds?: number;
}

export function createReplicateProvider(options: ReplicateProviderOptions): ImageProvider {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const interval = options.pollIntervalMs ?? 500;
  const replicate = new Replicate({
    auth: options.token,
    baseUrl: options.baseUrl?.replace(/\/+$/, ""),
    useFileOutput: false,
    fetch: fetchWithout429Retries(),
  });

  /**
   * Creates the prediction (or fetches one created earlier, `resumeId`), then waits for it. A hang
   * ends as a retryable timeout and the prediction is cancelled; time it spends "starting" extends
   * its deadline, up to `maxMs`.
   */
  async function run(
    request: GenerationRequest,
    { signal, onProgress, onSubmitted, ...limits }: GenerateOptions,
    resumeId?: string,
  ): Promise<ProviderResult> {
    const started = performance.now();
    const report = progressReporter(onProgress);
    const dl = deadline(limits.timeoutMs ?? timeoutMs, signal, limits.maxMs);
    let prediction: Prediction | undefined;
    try {
      if (resumeId === undefined) {
        prediction = await untilAborted(
          replicate.predictions.create({
            model: REPLICATE_MODELS[request.model],
            input: replicateInput(request),
            wait: options.preferWaitSeconds,
            signal: dl.signal,
          }),
          dl.signal,
        );
        onSubmitted?.(prediction.id);
        report({ stage: "submitted" });
      } else {
        prediction = await untilAborted(
          replicate.predictions.get(resumeId, { signal: dl.signal }),
          dl.signal,
        );
        if (prediction.status === "canceled") {
          throw new CallGoneError("replicate", resumeId, "the prediction was canceled");
        }
      }
      const queueTime = queueTimeCredit(dl);
      // wait() polls without a signal; its stop callback is where it learns to give up.
      const final = await untilAborted(
        replicate.wait(prediction, { interval }, async (current) => {
          queueTime(current.status === "starting");
          const progress = progressOf(current);
          if (progress) report(progress);
          return dl.signal.aborted;
        }),
        dl.signal,
      );
      return fromEndpoint(
        toResult(request, final, Math.round(performance.now() - started)),
        options.baseUrl,
      );
    } catch (error) {
      if (!dl.signal.aborted) {
        if (resumeId !== undefined && statusOfVendorError(error) === 404) {
          throw new CallGoneError("replicate", resumeId, "Replicate answered 404");
        }
        throw classify(error);
      }
      if (prediction !== undefined) cancelQuietly(replicate, prediction.id);
      throw dl.timedOut()
        ? timedOut("replicate", dl.budgetMs)
        : abortedByCaller("replicate", signal?.reason);
    } finally {
      dl.dispose();
    }
  }

  return {
    name: "replicate",
    endpointHost: endpointHostOf(options.baseUrl),
    generate: (request, generateOptions = {}) => run(request, generateOptions),
    resume: (requestId, request, generateOptions = {}) => run(request, generateOptions, requestId),
  };
}

function progressOf(prediction: Prediction): ProviderProgress | undefined {
  if (prediction.status === "starting") return { stage: "queued" };
  if (prediction.status !== "processing") return undefined;
  // FLUX logs tqdm bars ("50%|█████     | 2/4 …"); the client parses the last one.
  const parsed = parseProgressFromLogs(prediction);
  return parsed
    ? { stage: "generating", percent: Math.round(parsed.percentage * 100) }
    : { stage: "generating" };
}

function classify(error: unknown): ProviderError {
  // wait() reports a failed prediction as a plain Error carrying only the prediction's error text.
  const failed = error instanceof Error ? /^Prediction failed: (.*)$/s.exec(error.message) : null;
  return failed ? fromFailedPrediction(failed[1]) : fromReplicateError(error);
}

function cancelQuietly(replicate: Replicate, id: string): void {
  replicate.predictions.cancel(id, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
}

const outputSchema = z.union([z.array(z.string()).min(1), z.string().min(1)]);

function toResult(
  request: GenerationRequest,
  final: Prediction,
  latencyMs: number,
): ProviderResult {
  // A blocking create can hand back a finished prediction that wait() returns without checking.
  if (final.status === "failed") throw fromFailedPrediction(final.error);
  if (final.status !== "succeeded") {
    throw new ProviderError("replicate", "retryable", `replicate prediction ended ${final.status}`);
  }
  const parsed = outputSchema.safeParse(final.output);
  if (!parsed.success) throw malformedOutput("replicate", z.prettifyError(parsed.error));
  const url = typeof parsed.data === "string" ? parsed.data : parsed.data[0]!;
  const problem = imageUrlProblem(url);
  if (problem !== undefined) throw malformedOutput("replicate", problem);
  const input = replicateInput(request);
  const size = replicateOutputSize(input.aspect_ratio, input.megapixels);
  // Replicate's FLUX output is only URLs; the seed it used appears in the logs.
  const loggedSeed = /Using seed: (\d+)/.exec(final.logs ?? "")?.[1];
  return {
    provider: "replicate",
    model: request.model,
    image: { url },
    seed: loggedSeed === undefined ? request.seed : Number(loggedSeed),
    ...size,
    latencyMs,
    costUsd: USD_PER_IMAGE[request.model],
    nsfw: false,
    providerRequestId: final.id,
  };
}
