/**
 * Every error code the API can answer with, and the one HTTP status it maps to. Clients branch on
 * `code`; the status only has to be right for caches, proxies and generic HTTP tooling.
 */
export const ERROR_CODES = {
  bad_request: 400,
  invalid_parameters: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  rate_limited: 429,
  quota_exceeded: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function docUrl(code: ErrorCode): string {
  return `/docs/errors#${code}`;
}
