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
 * A post from another site is refused; SameSite=Lax already keeps the cookie off such a post.
 */
export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request)) {
    return Response.json({ error: "Sign out from this site." }, { status: 403 });
  }
  const jar = requestCookieJar(request);
  if (env().auth.mode === "supabase" && hasSupabaseCookies(jar)) {
    const { error } = await supabaseServerClient(jar).auth.signOut({ scope: "local" });
    if (error) log.warn({ err: error.message }, "Supabase sign-out failed");
  }
  clearLocalSession(jar, isSecureContext(request, env().appUrl));
  return withSetCookies(seeOther("/"), jar.setCookies);
}

function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  // Browsers send Origin with every form post; a client without it (curl) is not a CSRF vector.
  if (origin === null) return true;
  if (origin === "null") return false;
  const host = new URL(origin).host;
  const appUrl = env().appUrl;
  return (
    host === request.headers.get("host") || (appUrl !== undefined && host === new URL(appUrl).host)
  );
}
