import { comesFromApp, csrfRejected } from "@/lib/api/csrf";
import { errorResponse } from "@/lib/api/errors";
import { publicOrigin } from "@/lib/api/parse";
import { isSecureContext, requestCookieJar, withSetCookies } from "@/lib/auth/cookies";
import { clearLocalSession } from "@/lib/auth/session";
import { hasSupabaseCookies, supabaseServerClient } from "@/lib/auth/supabase";
import { env } from "@/lib/env";
import { seeOther } from "../redirect";
import { logger } from "@/lib/observability/log";

const log = logger("auth");

/**
 * Signs out (POST only: the header's form). Clears the local session cookie and, with Supabase,
 * ends this browser's session there too (scope "local": the user's other devices stay signed in).
 * A post that does not come from this site's pages is a 403 (lib/api/csrf.ts), as on every
 * cookie-authenticated change: otherwise any page could sign its visitors out.
 */
export async function POST(request: Request): Promise<Response> {
  if (!comesFromApp(request)) {
    return errorResponse(csrfRejected(), undefined, { origin: publicOrigin(request) });
  }
  const jar = requestCookieJar(request);
  if (env().auth.mode === "supabase" && hasSupabaseCookies(jar)) {
    const { error } = await supabaseServerClient(jar).auth.signOut({ scope: "local" });
    if (error) log.warn({ err: error.message }, "Supabase sign-out failed");
  }
  clearLocalSession(jar, isSecureContext(request, env().appUrl));
  return withSetCookies(seeOther("/"), jar.setCookies);
}
