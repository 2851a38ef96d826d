/**
 * Every header the rate-limit answers carry (lib/limits/headers.ts sets them): both policies, the
 * IETF fields and the older X- ones. Here, below lib/limits, so that CORS can expose them.
 */
export const RATE_LIMIT_HEADER_NAMES = [
  "RateLimit-Policy",
  "RateLimit",
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
  "X-RateLimit-Limit-Day",
  "X-RateLimit-Remaining-Day",
  "X-RateLimit-Reset-Day",
] as const;
