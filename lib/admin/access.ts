import "server-only";
import { requestCookieJar } from "@/lib/auth/cookies";
import { loadProfile, sessionUser } from "@/lib/auth/session";
import { logger } from "@/lib/observability/log";

const log = logger("admin");

/**
 * Whether a request comes from a signed-in administrator (profiles.is_admin, set with
 * `npm run admin -- user:admin`). Only a browser session counts: an API key never opens the admin
 * area, even an admin's. Fails closed: when the check itself fails (database down), the answer is
 * no, so the admin area looks absent rather than erroring differently for different callers.
 */
export async function isAdminRequest(request: Request): Promise<boolean> {
  try {
    const session = await sessionUser(requestCookieJar(request));
    if (!session) return false;
    return (await loadProfile(session.id))?.isAdmin === true;
  } catch (error) {
    log.warn({ err: error }, "could not check for an administrator; refusing");
    return false;
  }
}

/**
 * What a non-administrator gets from any admin route handler, whatever the method or subpath: a
 * bare 404 that says nothing about what is there. Never cached: an admin may ask the same URL.
 */
export function adminNotFound(): Response {
  return new Response(null, { status: 404, headers: { "Cache-Control": "private, no-store" } });
}
