/**
 * Every error code the API can answer with, and the one HTTP status it maps to. Clients branch on
 * `code`; the status only has to be right for caches, proxies and generic HTTP tooling.
 */
export const ERROR_CODES = {
  bad_request: 400,
  invalid_parameters: 422,
  unauthorized: 401,
  key_invalid: 401,
  key_revoked: 401,
  key_expired: 401,
  forbidden: 403,
  csrf_rejected: 403,
  not_found: 404,
  model_not_found: 404,
  method_not_allowed: 405,
  api_key_limit_reached: 409,
  idempotency_key_in_use: 409,
  payload_too_large: 413,
  rate_limited: 429,
  quota_exceeded: 429,
  model_not_allowed: 403,
  size_not_allowed: 403,
  webhook_requires_api_key: 403,
  webhook_url_forbidden: 422,
  idempotency_key_reused: 422,
  content_flagged: 422,
  provider_rejected: 422,
  generation_failed: 502,
  internal_error: 500,
  service_unavailable: 503,
  providers_unavailable: 503,
  providers_busy: 503,
  budget_exhausted: 503,
  account_budget_exhausted: 402,
  generation_timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** What each code means and what to do about it, shown at /docs/errors (where every doc_url points). */
export const ERROR_DESCRIPTIONS: Record<ErrorCode, string> = {
  bad_request: "The request could not be read, for example a body that is not valid JSON.",
  invalid_parameters:
    "A parameter is missing, of the wrong type or out of range. The message names each one; `details` lists them.",
  unauthorized: "The request needs an API key or a signed-in session, and had none that is valid.",
  key_invalid:
    "The API key is not one we know: it is malformed (keys start with `lk_live_`), mistyped or cut short, its account was deleted, or the request named more than one key. Send exactly one key, in full.",
  key_revoked:
    "The API key was revoked and never works again. Ask the account owner for a new key.",
  key_expired: "The API key passed its expiry date. Ask the account owner for a new key.",
  forbidden: "The caller is known but not allowed to do this.",
  csrf_rejected:
    "A request that changes something (POST, PUT, PATCH, DELETE) and is authenticated by this site's cookies (a session, or the anonymous visitor cookie) must come from this site's own pages: its `Origin` header (or, without one, its `Referer`) must be this site's origin. Nothing was charged or changed. Scripts and servers should send an API key (`Authorization: Bearer …`), which this check does not apply to.",
  not_found: "Nothing exists at this id or path.",
  model_not_found:
    "The OpenAI-compatible API does not know this model name. `GET /v1/models` lists ours (flux-schnell, flux-dev); aliases such as `black-forest-labs/flux-schnell` and `fal-ai/flux/dev` work too.",
  method_not_allowed: "This path does not accept that HTTP method.",
  api_key_limit_reached:
    "The account already holds as many live API keys as its tier allows (`details.max_api_keys`; revoked and expired keys do not count). Revoke one at /account, or let one expire, to create another.",
  idempotency_key_in_use:
    "A request with the same `Idempotency-Key` is still being processed and did not answer within the wait. Retry with the same key after `Retry-After` to get its answer.",
  payload_too_large: "The request body is larger than this endpoint accepts.",
  rate_limited:
    "Too many requests in a short time. Wait for the number of seconds in `Retry-After`.",
  quota_exceeded:
    "Today's generation quota is spent. It resets at midnight UTC (`Retry-After`, `details.resets_at`); a higher tier has a larger quota. Cache hits stay free.",
  model_not_allowed:
    "The model exists but is not included in this account's tier (`details.allowed_models`). Premium and enterprise include flux-dev.",
  size_not_allowed:
    "The requested image is larger than this account's tier allows (`details.max_size`, longest side in pixels).",
  webhook_requires_api_key:
    "`webhook_url` is only for API-key requests: events are signed with the key's signing secret (shown once, with the key). Send the key as `Authorization: Bearer <key>`, or follow the generation by polling it or its `events_url`.",
  webhook_url_forbidden:
    "The `webhook_url` points somewhere Likeness does not send requests: not http(s), with credentials in it, or at a loopback, private, link-local (cloud metadata), or otherwise non-public address, checked after DNS. `details.reason` says which. Nothing was charged or queued.",
  idempotency_key_reused:
    "The `Idempotency-Key` was already used in the last 24 hours with a different request (another body, path or method). Nothing was done. Send a new key with a new request.",
  content_flagged:
    "The image provider flagged the result as unsafe, so it is not served. Nothing was charged. Try a different prompt.",
  provider_rejected:
    "The image provider refused this request (for example its prompt). Nothing was charged. Change the request and try again.",
  generation_failed:
    "The generation failed for a reason on our side or the provider's. Nothing was charged. Retry; quote the `request_id` if it persists.",
  internal_error:
    "Something failed on our side. Nothing was charged. Retry later, and quote the `request_id` if it persists.",
  service_unavailable:
    "A service behind the API (database, Redis or storage) is unreachable. Retry after `Retry-After` seconds.",
  providers_unavailable:
    "Every image provider (Fal, then Replicate) failed or is down right now. Nothing was charged. Retry after `Retry-After` seconds.",
  providers_busy:
    "Every image provider was at capacity and kept refusing new work (HTTP 429) until the generation's deadline, so it was given up. Nothing was charged. Retry after `Retry-After` seconds.",
  budget_exhausted:
    "Likeness has reached its spending cap on image providers for the period (`details.period`). New generations resume when it resets (`Retry-After`, `details.resets_at`); cache hits and the gallery stay available.",
  account_budget_exhausted:
    "This account has spent its own budget for the period (`details.limit_usd`, `details.spent_usd`). It resets at `details.resets_at` (`Retry-After`); contact us to raise it. Cache hits stay free.",
  generation_timeout:
    "The image was not ready within the time this endpoint waits. It is still being made: `details.id` can be followed at `/api/v1/generations/{id}`, and the same request again is served from the cache once it is done.",
};

export function docUrl(code: ErrorCode): string {
  return `/docs/errors#${code}`;
}
