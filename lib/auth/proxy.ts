import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { supabaseCookieClient } from "@/lib/supabase/server";

/**
 * For the app's proxy.ts (Next 16's middleware): refreshes an expiring Supabase session before the
 * page renders, so the Server Components that read it (header, /signin) see a fresh access token,
 * and the new cookies reach the browser. Server Components cannot set cookies themselves, and a
 * refresh whose cookies are lost burns the single-use refresh token (Supabase's SSR guide).
 *
 * Only does anything with Supabase Auth configured and a Supabase session cookie present; the
 * session's validity is checked later, where it is used (session.ts), never here. Holds no secret:
 * the publishable key is public.
 */
export async function refreshSupabaseSession(request: NextRequest): Promise<NextResponse> {
  let response = NextResponse.next({ request });
  const supabase = env().auth.supabase;
  if (!supabase) return response;
  if (!request.cookies.getAll().some((c) => /^sb-.+-auth-token(\.\d+)?$/.test(c.name))) {
    return response;
  }
  const client = supabaseCookieClient(supabase.url, supabase.publishableKey, {
    getAll: () => request.cookies.getAll(),
    setAll(cookies, headers) {
      // The page rendered after this sees the new cookies on the request; the browser gets them
      // on the response.
      for (const { name, value } of cookies) request.cookies.set(name, value);
      response = NextResponse.next({ request });
      for (const { name, value, options } of cookies) response.cookies.set(name, value, options);
      for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
    },
  });
  await client.auth.getSession();
  return response;
}
