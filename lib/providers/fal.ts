import { createFalClient, type FalClient, type RequestMiddleware } from "@fal-ai/client";
import { z } from "zod";
import { deadline, progressReporter, queueTimeCredit, sleep, untilAborted } from "./deadline";
import {
  abortedByCaller,
  contentPolicy,
  fromFalError,
  malformedOutput,
  parseRetryAfter,
  statusOfVendorError,
  timedOut,
} from "./errors";
import { FAL_ENDPOINTS, falCostUsd, falInput, type FalEndpoint } from "./fal-input";
import { endpointHostOf, fromEndpoint, imageUrlProblem } from "./output";
import { fetchWithout429Retries } from "./submit-429";
import {
  CallGoneError,
  type GenerateOptions,
  type ImageProvider,
  type ProviderResult,
} from "./types";
import type { GenerationRequest } from "@/lib/catalog/generation-request";

export interface FalProviderOptions {
  key: string;
  /** Origin that replaces https://queue.fal.run and https://fal.run (the provider simulator). */
  baseUrl?: string;
  /** Whole generate(), submit to result. A hang ends as a retryable timeout after this. */
  timeoutMs?: number;
  pollIntervalMs?: number;
}

const outputSchema = z.object({
  images: z
    .array(
      z.object({
        url: z.string(),
        width: z.number().int().positive().optional(),
        height: z.number().int().positive().optional(),
        content_type: z.string().optional(),
      }),
    )
    .min(1),
  seed: z.number().int().optional(),
  has_nsfw_concepts: z.array(z.boolean()).optional(),
});

/**
 * The client has no base-URL option; every request URL it builds starts with one of these hosts.
 * Submit is POST {host}/fal-ai/flux/schnell; status, result and cancel drop the model's subpath:
 * {host}/fal-ai/flux/requests/{id}[/status|/cancel].
 */
function rewriteHosts(baseUrl: string | undefined): RequestMiddleware {
  const base = baseUrl?.replace(/\/+$/, "");
  return async (request) => {
    if (base === undefined) return request;
    const url = request.url.replace(/^https:\/\/(queue\.)?fal\.run(?=\/|$)/, base);
    return { ...request, url };
  };
}

export function createFalProvider(options: FalProviderOptions): ImageProvider {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const requestMiddleware = rewriteHosts(options.baseUrl);

  /** A client per call: the Retry-After of a 429 is caught on its way past and must not leak. */
  function client() {
    // ApiError keeps the body but not the headers, so a 429's Retry-After is caught here.
    const call = { retryAfterMs: undefined as number | undefined };
    const fal = createFalClient({
      credentials: options.key,
      requestMiddleware,
      fetch: fetchWithout429Retries(async (input, init) => {
        const response = await fetch(input, init);
        if (response.status === 429) {
          call.retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
        }
        return response;
      }),
    });
    return { fal, call };
  }

  /**
   * Submits (unless `requestId` names a call submitted earlier), then polls to the result. A hang
   * ends as a retryable timeout and the call is cancelled; time the call spends IN_QUEUE at Fal
   * extends its deadline, up to `maxMs`.
   */
  async function run(
    request: GenerationRequest,
    { signal, onProgress, onSubmitted, ...limits }: GenerateOptions,
    resumeId?: string,
  ): Promise<ProviderResult> {
    const started = performance.now();
    const endpoint = FAL_ENDPOINTS[request.model];
    const report = progressReporter(onProgress);
    const budget = limits.timeoutMs ?? timeoutMs;
    const dl = deadline(budget, signal, limits.maxMs);
    const { fal, call } = client();
    let requestId = resumeId;
    try {
      if (requestId === undefined) {
        const queued = await untilAborted(
          fal.queue.submit(endpoint, { input: falInput(request), abortSignal: dl.signal }),
          dl.signal,
        );
        requestId = queued.request_id;
        onSubmitted?.(requestId);
        report({ stage: "submitted", queuePosition: queued.queue_position });
      }
      const queueTime = queueTimeCredit(dl);
      for (;;) {
        const status = await untilAborted(
          fal.queue.status(endpoint, { requestId, abortSignal: dl.signal }),
          dl.signal,
        );
        queueTime(status.status === "IN_QUEUE");
        if (status.status === "COMPLETED") break;
        report(
          status.status === "IN_QUEUE"
            ? { stage: "queued", queuePosition: status.queue_position }
            : { stage: "generating" },
        );
        await sleep(pollIntervalMs, dl.signal);
      }
      const result = await untilAborted(
        fal.queue.result(endpoint, { requestId, abortSignal: dl.signal }),
        dl.signal,
      );
      const latencyMs = Math.round(performance.now() - started);
      return fromEndpoint(
        toResult(request, result.data, result.requestId || requestId, latencyMs),
        options.baseUrl,
      );
    } catch (error) {
      if (!dl.signal.aborted) {
        if (resumeId !== undefined && statusOfVendorError(error) === 404) {
          throw new CallGoneError("fal", resumeId, "Fal answered 404");
        }
        throw fromFalError(error, { retryAfterMs: call.retryAfterMs });
      }
      // Nobody will collect this result: free the provider's queue slot (best effort).
      if (requestId !== undefined) cancelQuietly(fal, endpoint, requestId);
      throw dl.timedOut() ? timedOut("fal", dl.budgetMs) : abortedByCaller("fal", signal?.reason);
    } finally {
      dl.dispose();
    }
  }

  return {
    name: "fal",
    endpointHost: endpointHostOf(options.baseUrl),
    generate: (request, generateOptions = {}) => run(request, generateOptions),
    resume: (requestId, request, generateOptions = {}) => run(request, generateOptions, requestId),
  };
}

function cancelQuietly(fal: FalClient, endpoint: FalEndpoint, requestId: string): void {
  fal.queue
    .cancel(endpoint, { requestId, abortSignal: AbortSignal.timeout(10_000) })
    .catch(() => undefined);
}

function toResult(
  request: GenerationRequest,
  data: unknown,
  requestId: string,
  latencyMs: number,
): ProviderResult {
  const parsed = outputSchema.safeParse(data);
  if (!parsed.success) throw malformedOutput("fal", z.prettifyError(parsed.error));
  const { images, seed, has_nsfw_concepts: nsfw } = parsed.data;
  const [image] = images;
  const problem = image === undefined ? "no image" : imageUrlProblem(image.url, image.content_type);
  if (image === undefined || problem !== undefined) throw malformedOutput("fal", problem ?? "");
  // Fal's safety checker replaces a flagged image with a black one: nothing worth storing.
  if (nsfw?.[0] === true) throw contentPolicy("fal", "the safety checker flagged the image");
  const width = image.width ?? request.width;
  const height = image.height ?? request.height;
  return {
    provider: "fal",
    model: request.model,
    image: { url: image.url },
    seed: seed ?? request.seed,
    width,
    height,
    latencyMs,
    costUsd: falCostUsd(request.model, width, height),
    nsfw: false,
    providerRequestId: requestId,
  };
}
