import type { ApiError } from "@/lib/api/errors";
import type { ErrorCode } from "@/lib/api/error-codes";

/** OpenAI's error body: what its SDKs parse into `APIError.{message,type,code,param}`. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

/** Where OpenAI has its own code for the same thing, clients branch on that one. */
const OPENAI_CODES: Partial<Record<ErrorCode, string>> = {
  unauthorized: "invalid_api_key",
  key_invalid: "invalid_api_key",
  rate_limited: "rate_limit_exceeded",
  quota_exceeded: "insufficient_quota",
  content_flagged: "content_policy_violation",
  invalid_parameters: "invalid_value",
  bad_request: "invalid_json",
  generation_timeout: "timeout",
};

/** Which parameter caused a refusal, where our error does not carry it itself. */
const PARAMS: Partial<Record<ErrorCode, string>> = {
  model_not_allowed: "model",
  model_not_found: "model",
  size_not_allowed: "size",
  content_flagged: "prompt",
  provider_rejected: "prompt",
};

/**
 * Errors that an automatic retry cannot fix, or would make worse, even though their status is one
 * the SDKs retry (429, 5xx): `X-Should-Retry: false` tells them not to. A spent daily quota stays
 * spent for hours; a timed-out request is still being made, and repeating it would start (and
 * charge) new images with new seeds instead of waiting for those.
 */
const NEVER_RETRY = new Set<ErrorCode>(["quota_exceeded", "generation_timeout"]);

function typeOf(error: ApiError, status: number): string {
  if (error.code === "quota_exceeded") return "insufficient_quota";
  if (error.code === "rate_limited") return "requests";
  return status >= 500 ? "server_error" : "invalid_request_error";
}

/**
 * Our ApiError in OpenAI's dialect. Statuses are ours (so the SDK raises the matching class:
 * 400 BadRequestError, 401 AuthenticationError, 403 PermissionDeniedError, 404 NotFoundError,
 * 429 RateLimitError, 5xx InternalServerError), except that 422 becomes 400: OpenAI answers every
 * invalid parameter with 400, and clients written for it expect BadRequestError.
 */
export function toOpenAiError(error: ApiError): {
  status: number;
  body: OpenAiErrorBody;
  headers: Record<string, string>;
} {
  const status = error.status === 422 ? 400 : error.status;
  const details = (error.details ?? {}) as { param?: unknown; openai_code?: unknown };
  const param = typeof details.param === "string" ? details.param : (PARAMS[error.code] ?? null);
  const code =
    typeof details.openai_code === "string"
      ? details.openai_code
      : (OPENAI_CODES[error.code] ?? error.code);
  return {
    status,
    body: { error: { message: error.message, type: typeOf(error, status), code, param } },
    headers: NEVER_RETRY.has(error.code) ? { "X-Should-Retry": "false" } : {},
  };
}

/** For withApi's `renderError` on the OpenAI-compatible routes. */
export function openAiErrorResponse(error: ApiError): Response {
  const { status, body, headers } = toOpenAiError(error);
  return Response.json(body, { status, headers });
}
