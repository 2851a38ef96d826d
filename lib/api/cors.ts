import { env } from "@/lib/env";
import { RATE_LIMIT_HEADER_NAMES } from "./rate-limit-header-names";

/**
 * CORS for the public API, so browser apps on other origins can call it:
 * - `public`: image routes (`/i/…`, Pollinations-style `/prompt/…`), readable from any origin;
 * - `api`: `/v1/**` and `/api/v1/**`, for the origins in CORS_ALLOWED_ORIGINS (default `*`).
 *
 * Credentials are never allowed: API keys are bearer tokens, so a cross-origin page must hold the
 * key itself, and a browser never attaches this site's cookies to a CORS request we answer. That
 * is what makes `*` a safe default. The account routes are the signed-in UI's, same-origin only.
 */
export type CorsPolicy = "public" | "api";

const PUBLIC_PREFIXES = ["/i/", "/prompt/"];
const API_PREFIXES = ["/v1/", "/api/v1/"];
const SAME_ORIGIN_PREFIXES = ["/api/v1/account"];

/** Headers a cross-origin script may read: the ones our answers carry for clients to act on. */
export const EXPOSED_HEADERS = [
  "X-Request-Id",
  "X-Cache",
  ...RATE_LIMIT_HEADER_NAMES,
  "Idempotent-Replayed",
  "Retry-After",
  "X-Should-Retry",
  "Location",
  "ETag",
  "Server-Timing",
];

/** Always allowed in a preflight; whatever else the browser asks for (SDK telemetry headers) too. */
const ALLOWED_HEADERS = ["Authorization", "Content-Type", "X-Request-Id", "Idempotency-Key"];
/** Browsers cap it (Chromium at 2 h), which is fine: preflights are cheap. */
const MAX_AGE_SECONDS = 86_400;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function corsPolicyFor(pathname: string): CorsPolicy | null {
  const under = (prefix: string) =>
    pathname === prefix.replace(/\/$/, "") || pathname.startsWith(prefix);
  if (SAME_ORIGIN_PREFIXES.some(under)) return null;
  if (PUBLIC_PREFIXES.some(under)) return "public";
  if (API_PREFIXES.some(under)) return "api";
  return null;
}

/**
 * The Access-Control-Allow-Origin value for a request's Origin, or null for none. A list answers
 * with the matching origin itself, so such responses vary by Origin.
 */
export function allowOrigin(
  policy: CorsPolicy,
  origin: string | null,
  configured: "*" | readonly string[],
): string | null {
  if (policy === "public" || configured === "*") return "*";
  return origin !== null && configured.includes(origin) ? origin : null;
}

/** Adds the CORS headers for `policy` to a response about to be sent. */
export function applyCors(
  request: Request,
  headers: Headers,
  policy: CorsPolicy,
  configured: "*" | readonly string[] = env().corsAllowedOrigins,
): void {
  const origin = allowOrigin(policy, request.headers.get("origin"), configured);
  if (policy === "api" && configured !== "*") headers.append("Vary", "Origin");
  if (origin === null) return;
  headers.set("Access-Control-Allow-Origin", origin);
  headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS.join(", "));
}

/**
 * The answer to a preflight (OPTIONS) for a route that accepts `methods`: 204 with what may be sent
 * and for how long it may be cached. The origin headers are added by applyCors (withApi).
 */
export function preflightResponse(request: Request, methods: readonly string[]): Response {
  const asked = (request.headers.get("access-control-request-headers") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter((h) => HEADER_NAME.test(h));
  const allowed = new Map([...ALLOWED_HEADERS, ...asked].map((h) => [h.toLowerCase(), h] as const));
  return new Response(null, {
    status: 204,
    headers: {
      Allow: [...methods, "OPTIONS"].join(", "),
      "Access-Control-Allow-Methods": [...methods, "OPTIONS"].join(", "),
      "Access-Control-Allow-Headers": [...allowed.values()].join(", "),
      "Access-Control-Max-Age": String(MAX_AGE_SECONDS),
      Vary: "Access-Control-Request-Headers",
    },
  });
}
