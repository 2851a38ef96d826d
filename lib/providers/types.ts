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
}

export interface ImageProvider {
  readonly name: ProviderName;
  generate(request: GenerationRequest, options?: GenerateOptions): Promise<ProviderResult>;
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

  constructor(
    provider: ProviderName,
    kind: ProviderErrorKind,
    message: string,
    options?: { status?: number; retryAfterMs?: number; cause?: unknown; flagged?: boolean },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ProviderError";
    this.provider = provider;
    this.kind = kind;
    this.status = options?.status;
    this.retryAfterMs = options?.retryAfterMs;
    this.flagged = options?.flagged === true;
  }
}
