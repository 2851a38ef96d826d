import { ZodError } from "zod";
import { docUrl, ERROR_CODES, type ErrorCode } from "./error-codes";

/** The one error type route code throws; `toErrorResponse` turns it into the documented JSON shape. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  /** Sent with the error response, e.g. Retry-After and X-RateLimit-* on a 429. */
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ApiError";
    this.code = code;
    this.details = options?.details;
    this.headers = options?.headers ?? {};
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    doc_url: string;
    details?: unknown;
    request_id?: string;
  };
}

/**
 * The documented JSON body of an error. `origin` is the app's public origin (lib/api/origin.ts), so
 * `doc_url` is a link a client can open as it is; without one it stays root-relative.
 */
export function errorBody(error: ApiError, requestId?: string, origin?: string): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      doc_url: `${origin ?? ""}${docUrl(error.code)}`,
      ...(error.details === undefined ? {} : { details: error.details }),
      ...(requestId === undefined ? {} : { request_id: requestId }),
    },
  };
}

/** Zod issues as a short human sentence plus machine-readable details. */
export function fromZodError(error: ZodError): ApiError {
  const details = error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const message = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; ");
  return new ApiError("invalid_parameters", message, { details });
}

/** Any thrown value as an ApiError; unknown errors become an opaque 500 (the caller logs the original). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ZodError) return fromZodError(error);
  return new ApiError("internal_error", "Something went wrong on our side. Please try again.", {
    cause: error,
  });
}

export function errorResponse(
  error: ApiError,
  requestId?: string,
  options: { origin?: string; headers?: HeadersInit } = {},
): Response {
  return Response.json(errorBody(error, requestId, options.origin), {
    status: error.status,
    headers: options.headers,
  });
}
