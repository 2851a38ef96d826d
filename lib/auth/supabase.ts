import "server-only";
import { env, type SupabaseConfig } from "@/lib/env";
import {
  type SupabaseClient,
  supabaseCookieClient,
  supabaseStatelessClient,
} from "@/lib/supabase/server";
import type { CookieJar } from "./cookies";
import {
  createSupabaseVerifier,
  type SupabaseClaims,
  type SupabaseVerification,
  supabaseEndpoints,
} from "./supabase-jwt";
import { logger } from "@/lib/observability/log";

const log = logger("auth");

/**
 * Supabase Auth on the server (used when NEXT_PUBLIC_SUPABASE_URL and its key are set). The session
 * lives in @supabase/ssr's cookies (sb-<ref>-auth-token, possibly chunked); reading it may refresh
 * an expiring access token, and the new cookies go through the jar to the response. The access
 * token itself is then verified here (supabase-jwt.ts): the cookie alone is never trusted.
 */
function config(): SupabaseConfig {
  const supabase = env().auth.supabase;
  if (!supabase) throw new Error("Supabase Auth is not configured");
  return supabase;
}

/** A fresh server client over one request's cookies (never shared between requests). */
export function supabaseServerClient(jar: CookieJar): SupabaseClient {
  const { url, publishableKey } = config();
  return supabaseCookieClient(url, publishableKey, {
    getAll: () => jar.getAll(),
    setAll: (cookies) => {
      for (const { name, value, options } of cookies) jar.set(name, value, options);
    },
  });
}

let verifier: ((token: string) => Promise<SupabaseVerification>) | undefined;

export function verifySupabaseToken(token: string): Promise<SupabaseVerification> {
  if (!verifier) {
    const { url, publishableKey, jwtSecret } = config();
    verifier = createSupabaseVerifier({
      ...supabaseEndpoints(url),
      jwtSecret,
      // HS256 without SUPABASE_JWT_SECRET: Supabase Auth checks the token (one request per check).
      verifyRemotely: async (token) => {
        const client = supabaseStatelessClient(url, publishableKey);
        const { data, error } = await client.auth.getUser(token);
        return error === null && data.user !== null;
      },
    });
  }
  return verifier(token);
}

/** True when the request carries any @supabase/ssr session cookie (so there is something to read). */
export function hasSupabaseCookies(jar: CookieJar): boolean {
  return jar.getAll().some((c) => /^sb-.+-auth-token(\.\d+)?$/.test(c.name));
}

/** The verified claims of the request's Supabase session, or null when it has none that is valid. */
export async function supabaseSession(jar: CookieJar): Promise<SupabaseClaims | null> {
  if (!hasSupabaseCookies(jar)) return null;
  const client = supabaseServerClient(jar);
  const { data, error } = await client.auth.getSession();
  if (error || !data.session) return null;
  const verified = await verifySupabaseToken(data.session.access_token);
  if (!verified.ok) {
    if (verified.reason === "unavailable") {
      log.warn("Supabase signing keys unreachable: treating the session as signed out");
    }
    return null;
  }
  return verified.claims;
}
