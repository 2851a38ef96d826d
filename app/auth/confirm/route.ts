import type { EmailOtpType } from "@/lib/supabase/server";
import {
  appCookieOptions,
  isSecureContext,
  requestCookieJar,
  withSetCookies,
} from "@/lib/auth/cookies";
import {
  consumeSignInToken,
  findOrCreateUser,
  localAuthEnabled,
  localSessionToken,
} from "@/lib/auth/local-auth";
import { SESSION_COOKIE, SESSION_MAX_AGE_S } from "@/lib/auth/local-session";
import { safeNextPath } from "@/lib/auth/sign-in-input";
import { supabaseServerClient } from "@/lib/auth/supabase";
import { env } from "@/lib/env";
import { seeOther } from "../redirect";
import { logger } from "@/lib/observability/log";

const log = logger("auth");

/**
 * Where sign-in links land.
 *
 * - Local sign-in: `?token=` from /signin. The token works once and for 15 minutes; the user is
 *   found or created, and the session cookie set.
 * - Supabase: `?code=` (PKCE magic link, the default template) is exchanged for a session, or
 *   `?token_hash=&type=` (a custom email template) is verified; @supabase/ssr writes its cookies.
 *
 * Either way the browser goes on to the `next` path it started from, or back to /signin with the
 * reason when the link did not work.
 */
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const jar = requestCookieJar(request);
  try {
    const mode = env().auth.mode;
    if (mode === "local" && localAuthEnabled()) {
      const pending = await consumeSignInToken(url.searchParams.get("token") ?? "");
      if (!pending) return seeOther("/signin?error=link_invalid");
      const user = await findOrCreateUser(pending.email);
      const secure = isSecureContext(request, env().appUrl);
      jar.set(
        SESSION_COOKIE,
        await localSessionToken(user),
        appCookieOptions(secure, SESSION_MAX_AGE_S),
      );
      log.info({ email: user.email }, "signed in (local sign-in)");
      return withSetCookies(seeOther(pending.next), jar.setCookies);
    }
    if (mode === "supabase") {
      const next = safeNextPath(url.searchParams.get("next"));
      const supabase = supabaseServerClient(jar);
      const code = url.searchParams.get("code");
      const tokenHash = url.searchParams.get("token_hash");
      const type = url.searchParams.get("type") as EmailOtpType | null;
      const result = code
        ? await supabase.auth.exchangeCodeForSession(code)
        : tokenHash && type
          ? await supabase.auth.verifyOtp({ type, token_hash: tokenHash })
          : null;
      if (!result || result.error) {
        if (result?.error) log.warn({ err: result.error.message }, "Supabase sign-in link refused");
        return seeOther("/signin?error=link_failed");
      }
      return withSetCookies(seeOther(next), jar.setCookies);
    }
    return seeOther("/signin");
  } catch (error) {
    log.error({ err: error }, "sign-in link could not be checked");
    return seeOther("/signin?error=unavailable");
  }
}
