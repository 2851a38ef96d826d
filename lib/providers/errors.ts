import { ApiError as FalApiError } from "@fal-ai/client";
import { submitStatus } from "./submit-429";
import { ProviderError, type ProviderErrorKind, type ProviderName } from "./types";

/**
 * Turns each vendor client's failures into ProviderError, whose kind decides what the worker does:
 * retryable (next provider / later), rate_limited (wait retryAfterMs), permanent (fail and refund).
 */

const CREDENTIAL_VARS: Record<ProviderName, string> = {
  fal: "FAL_KEY",
  replicate: "REPLICATE_API_TOKEN",
  local: "",
};

export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 429) return "rate_limited";
  // 408 is the provider giving up on us mid-request: as transient as a 5xx.
  if (status >= 500 || status === 408) return "retryable";
  return "permanent";
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function fromHttpStatus(
  provider: ProviderName,
  status: number,
  detail: string,
  options: { retryAfterMs?: number; cause?: unknown } = {},
): ProviderError {
  const kind = kindForStatus(status);
  // 401/403 mean OUR credentials are wrong, not the user's request: permanent for this request, but
  // the message must send an operator to the env var rather than the user to their prompt.
  const message =
    status === 401 || status === 403
      ? `${provider} rejected our credentials (HTTP ${status}); check ${CREDENTIAL_VARS[provider]}: ${detail}`
      : `${provider} HTTP ${status}: ${detail}`;
  return new ProviderError(provider, kind, message, {
    status,
    retryAfterMs: kind === "rate_limited" ? options.retryAfterMs : undefined,
    cause: options.cause,
  });
}

export function malformedOutput(provider: ProviderName, detail: string): ProviderError {
  return new ProviderError(
    provider,
    "retryable",
    `${provider} returned malformed output: ${detail}`,
  );
}

export function contentPolicy(provider: ProviderName, detail: string): ProviderError {
  return new ProviderError(provider, "permanent", `${provider} content policy: ${detail}`, {
    flagged: true,
  });
}

export function timedOut(provider: ProviderName, timeoutMs: number): ProviderError {
  return new ProviderError(
    provider,
    "retryable",
    `${provider} gave no result within ${Math.round(timeoutMs)} ms`,
    { timedOut: true },
  );
}

/** The HTTP status behind a vendor client's error, when it has one (404 on resume: the call is gone). */
export function statusOfVendorError(error: unknown): number | undefined {
  if (error instanceof FalApiError) return submitStatus(error.status);
  if (isReplicateApiError(error)) return submitStatus(error.response.status);
  return undefined;
}

export function abortedByCaller(provider: ProviderName, reason: unknown): ProviderError {
  return new ProviderError(provider, "retryable", `${provider} generation aborted by the caller`, {
    cause: reason,
  });
}

/** Anything else (DNS, connection reset, a bug): retryable, so a request is never lost to a blip. */
function transport(provider: ProviderName, error: unknown): ProviderError {
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(provider, "retryable", `${provider} request failed: ${message}`, {
    cause: error,
  });
}

export function fromFalError(
  error: unknown,
  context: { retryAfterMs?: number } = {},
): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof FalApiError) {
    return fromHttpStatus("fal", submitStatus(error.status), falDetail(error), {
      retryAfterMs: context.retryAfterMs,
      cause: error,
    });
  }
  return transport("fal", error);
}

function falDetail(error: FalApiError<unknown>): string {
  const body: unknown = error.body;
  if (body && typeof body === "object" && "detail" in body) {
    return typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
  }
  return error.message;
}

/** The replicate package does not export its ApiError class at runtime, so match it by shape. */
interface ReplicateApiError extends Error {
  response: Response;
}

function isReplicateApiError(error: unknown): error is ReplicateApiError {
  return (
    error instanceof Error &&
    error.name === "ApiError" &&
    "response" in error &&
    error.response instanceof Response
  );
}

export function fromReplicateError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (isReplicateApiError(error)) {
    const { status, headers } = error.response;
    return fromHttpStatus("replicate", submitStatus(status), replicateDetail(error.message), {
      retryAfterMs: parseRetryAfter(headers.get("retry-after")),
      cause: error,
    });
  }
  return transport("replicate", error);
}

/** The client has already read the body into its message: "Request to … failed with status …: {json}." */
function replicateDetail(message: string): string {
  const body = /failed with status [^:]*: (.*)\.$/s.exec(message)?.[1];
  if (body === undefined) return message;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object" && "detail" in parsed) return String(parsed.detail);
  } catch {
    // Not JSON (a proxy's HTML page, say): the raw text is the best detail there is.
  }
  return body;
}

/** A prediction that ended "failed": its error text is all Replicate gives us to classify it. */
export function fromFailedPrediction(error: unknown): ProviderError {
  const detail = typeof error === "string" ? error : JSON.stringify(error ?? "unknown error");
  if (/nsfw/i.test(detail)) return contentPolicy("replicate", detail);
  // Other failures are the model crashing (out of memory, a bad node): worth another try.
  return new ProviderError("replicate", "retryable", `replicate prediction failed: ${detail}`);
}
