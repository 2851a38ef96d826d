// Next.js proxy (formerly middleware): answers a path with a malformed percent-escape with the JSON
// error shape before Next's router turns it into a plain-text 500, and refreshes a Supabase Auth
// session on page loads, since Server Components cannot write cookies (nothing to do when no
// Supabase project is configured).
import { type NextRequest, NextResponse } from "next/server";
import { errorBody } from "@/lib/api/errors";
import { malformedPathError } from "@/lib/api/malformed-path";
import { publicOrigin } from "@/lib/api/origin";
import { refreshSupabaseSession } from "@/lib/auth/proxy";

/** Image URLs: hot paths that need the escape check and nothing else (see `config`). */
const IMAGE_PATHS = /^\/(i|prompt)\//;

export function proxy(request: NextRequest) {
  // request.url keeps the path as the client sent it, still percent-encoded.
  const { pathname } = new URL(request.url);
  const malformed = malformedPathError(pathname);
  if (malformed) {
    return NextResponse.json(errorBody(malformed, undefined, publicOrigin(request)), {
      status: malformed.status,
      headers: { "Cache-Control": "no-store" },
    });
  }
  if (IMAGE_PATHS.test(pathname)) return NextResponse.next();
  return refreshSupabaseSession(request);
}

/**
 * Every path but static files, except that the image URLs (/i/…, /prompt/…), hot paths where
 * running the proxy measurably costs throughput, only come here when their path has an escape
 * outside ASCII (%80-%FF) or a % not followed by two hex digits: the only ones that can fail to
 * decode. A prompt with %20s and commas never pays for it.
 */
export const config = {
  matcher: [
    "/((?!_next/static|_next/image|i/|prompt/|icon.svg).*)",
    "/:dir(i|prompt)/:rest(.*%(?![0-7][0-9A-Fa-f]).*)",
  ],
};
