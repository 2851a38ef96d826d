import { env } from "@/lib/env";

/**
 * The one place that decides which origin the app names in absolute URLs (image links, events_url,
 * the feed's imageURL, OpenAI's url, webhooks, sign-in links, /docs examples) and which origins may
 * send it state-changing requests with cookies (lib/api/csrf.ts).
 *
 * The Host header is the client's to choose, so it is never reflected as such:
 * - APP_URL set: every URL uses it, whatever the Host.
 * - APP_URL unset (a local stack, `npm start`, the tests): a loopback Host (localhost, 127.0.0.1,
 *   [::1], any port) is answered with its own origin, so a browser on 127.0.0.1:3000 gets links it
 *   can follow; any other Host gets http://localhost:<PORT>. Such answers vary by Host.
 */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/** The origin of a loopback Host header, or null for any other (or a malformed) Host. */
function loopbackOrigin(protocol: string, host: string | null): string | null {
  if (host === null || !LOOPBACK_HOST.test(host)) return null;
  return `${protocol === "https:" ? "https:" : "http:"}//${host.toLowerCase()}`;
}

function originFor(protocol: string, host: string | null): string {
  const { appUrl, fallbackOrigin } = env().origin;
  return appUrl ?? loopbackOrigin(protocol, host) ?? fallbackOrigin;
}

/**
 * The origin clients reach the app at, for absolute URLs in the answer to `request`. Not
 * request.url: Next builds that from its own bind hostname.
 */
export function publicOrigin(request: Request): string {
  const url = new URL(request.url);
  // Without a Host header (HTTP/1.0, a Request built in code), the URL's own host: Next's, not the
  // client's, and still only used when it is a loopback name.
  return originFor(url.protocol, request.headers.get("host") ?? url.host);
}

/** The same for a page, which has its request's headers but no Request (Server Components). */
export function publicOriginOfHeaders(headers: Headers): string {
  return originFor("http:", headers.get("host"));
}

/** True when answers name an origin taken from the Host header, so they must carry `Vary: Host`. */
export function originVariesByHost(): boolean {
  return env().origin.appUrl === undefined;
}

/**
 * Whether `claimed` (an Origin header, or a Referer's origin) is this app as `request` reached it:
 * its public origin, or in development the loopback origin it was sent to (a developer with
 * APP_URL set may still browse http://localhost:3000). Exact, port included: another app on
 * localhost:8080 is another origin, even though the browser calls it the same site.
 */
export function isAppOrigin(claimed: string, request: Request): boolean {
  // An Origin is exactly scheme://host[:port]; anything else (a path, a port that is not a number,
  // http://127.0.0.1:3000.evil.example) is not an origin at all.
  if (!URL.canParse(claimed) || new URL(claimed).origin !== claimed) return false;
  const origins = new Set([new URL(publicOrigin(request)).origin]);
  if (env().nodeEnv !== "production") {
    const url = new URL(request.url);
    const local = loopbackOrigin(url.protocol, request.headers.get("host") ?? url.host);
    if (local) origins.add(local);
  }
  return origins.has(claimed);
}

/**
 * Root-relative URLs become absolute against the public origin (of `at`, the request being
 * answered, or an origin recorded earlier), so API clients can fetch them as is.
 */
export function absoluteUrl(url: string, at: Request | string): string {
  if (!url.startsWith("/")) return url;
  return `${typeof at === "string" ? at : publicOrigin(at)}${url}`;
}
