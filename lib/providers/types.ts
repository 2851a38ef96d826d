/**
 * The one interface every image provider (Fal, Replicate, the local generator) sits behind. Adapters
 * return these types, never the vendor's shapes, and classify every failure into ProviderError.
 */
import type { GenerationRequest } from "@/lib/catalog/generation-request";
import type { ModelId } from "@/lib/catalog/models";

export type ProviderName = "fal" | "replicate" | "local";

export interface ProviderProgress {
  stage: "submitted" | "queued" | "generating";
  /** 0..100 within the provider's own work, when it reports one. */
  percent?: number;
  queuePosition?: number;
}

export interface ProviderResult {
  provider: ProviderName;
  model: ModelId;
  /** Image bytes when the provider returns them inline; otherwise a URL to download. */
  image:
    | { bytes: Buffer; contentType: string }
    | {
        url: string;
        /**
         * `host[:port]` of the endpoint the adapter was configured with (FAL_BASE_URL, …): the one
         * non-public host the download may reach, e.g. the provider simulator on loopback.
         */
        endpointHost?: string;
      };
  seed: number;
  width: number;
  height: number;
  latencyMs: number;
  /** Estimated cost in US dollars. */
  costUsd: number;
  nsfw: boolean;
  /** The provider's own request or prediction id, for support and idempotent recovery. */
  providerRequestId?: string;
}

export interface GenerateOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ProviderProgress) => void;
  /**
   * How long the provider may work on the image before the call counts as hung (a retryable timeout,
   * and the call is cancelled). Time the provider reports the call waiting in its own queue comes on
   * top, up to `maxMs`. Default: the adapter's own timeout.
   */
  timeoutMs?: number;
  /** The most the call may take in all, its queue time included (the job's deadline). */
  maxMs?: number;
  /**
   * Told the provider's id of the call as soon as the provider gives one, before the result: what a
   * later try resumes instead of paying for a new call.
   */
  onSubmitted?: (requestId: string) => void;
}

export interface ImageProvider {
  readonly name: ProviderName;
  /**
   * `host[:port]` of the endpoint the adapter was configured with (FAL_BASE_URL, …): the one
   * non-public host its output may be downloaded from. Unset for the real APIs.
   */
  readonly endpointHost?: string;
  generate(request: GenerationRequest, options?: GenerateOptions): Promise<ProviderResult>;
  /**
   * Collects a call submitted earlier (by a worker that died, or a try that could not store its
   * image) by the provider's id, without submitting again: polls it and fetches its result. Throws
   * CallGoneError when the provider no longer has it. Absent where there is nothing to resume (the
   * local generator answers at once).
   */
  resume?(
    requestId: string,
    request: GenerationRequest,
    options?: GenerateOptions,
  ): Promise<ProviderResult>;
}

/**
 * Why a provider call failed, which decides what the worker does next:
 * - retryable: 5xx, timeouts, malformed output: try the next provider, or this one again later;
 * - rate_limited: 429: wait `retryAfterMs` without consuming an attempt;
 * - permanent: the request itself is unacceptable (bad input, content policy): fail the job, refund.
 */
export type ProviderErrorKind = "retryable" | "rate_limited" | "permanent";

export class ProviderError extends Error {
  readonly provider: ProviderName;
  readonly kind: ProviderErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  /** The provider's safety checker refused the image (a permanent failure, told apart for the API). */
  readonly flagged: boolean;
  /** The call got no result within its deadline (retryable; recorded as a timeout). */
  readonly timedOut: boolean;

  constructor(
    provider: ProviderName,
    kind: ProviderErrorKind,
    message: string,
    options?: {
      status?: number;
      retryAfterMs?: number;
      cause?: unknown;
      flagged?: boolean;
      timedOut?: boolean;
    },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ProviderError";
    this.provider = provider;
    this.kind = kind;
    this.status = options?.status;
    this.retryAfterMs = options?.retryAfterMs;
    this.flagged = options?.flagged === true;
    this.timedOut = options?.timedOut === true;
  }
}

/** The provider no longer knows a call we tried to resume (expired, or never kept): submit anew. */
export class CallGoneError extends ProviderError {
  constructor(provider: ProviderName, requestId: string, detail: string) {
    super(provider, "retryable", `${provider} no longer has call ${requestId}: ${detail}`);
    this.name = "CallGoneError";
  }
}
