import { ApiError } from "./errors";
import { isAppOrigin } from "./origin";

/** Methods that change something; GET, HEAD and OPTIONS must not, so they are never checked. */
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function isStateChanging(request: Request): boolean {
  return STATE_CHANGING.has(request.method.toUpperCase());
}

/** The origin of a Referer header, or null when there is none or it is not an absolute URL. */
function refererOrigin(referer: string | null): string | null {
  if (referer === null || !URL.canParse(referer)) return null;
  const origin = new URL(referer).origin;
  return origin === "null" ? null : origin;
}

/**
 * Whether a request says it comes from this app's own pages: its Origin or, when a browser left
 * that out, its Referer names the app's origin (lib/api/origin.ts). Browsers set both themselves,
 * and a page on another site cannot forge them. No header at all is not proof of anything.
 */
export function comesFromApp(request: Request): boolean {
  const origin = request.headers.get("origin");
  const claimed = origin ?? refererOrigin(request.headers.get("referer"));
  return claimed !== null && isAppOrigin(claimed, request);
}

export function csrfRejected(): ApiError {
  return new ApiError(
    "csrf_rejected",
    "This request carries this site's cookies but does not come from this site (its Origin or Referer is missing or another origin), so it was refused before anything happened. From a script, authenticate with an API key instead (Authorization: Bearer …).",
  );
}

/**
 * The check for a state-changing request that a cookie authenticates (a session or the anonymous
 * visitor cookie): it must come from the app's own pages, or it is a 403 before anything is
 * charged or changed. SameSite=Lax alone lets through sites that share the registrable domain
 * (another port of localhost, a sibling subdomain) and browsers that ignore SameSite. Requests
 * that carry an API key are not affected: a page on another site cannot make a browser send one.
 */
export function assertSameOriginForCookies(request: Request): void {
  if (isStateChanging(request) && !comesFromApp(request)) throw csrfRejected();
}
