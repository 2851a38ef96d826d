// The one adapter for Supabase's clients on the server (web, worker, admin CLI). No
// `import "server-only"`: the admin CLI runs this in plain Node, where that package throws.
import { type CookieMethodsServer, createServerClient } from "@supabase/ssr";
import {
  createClient,
  type SupabaseClient,
  type SupabaseClientOptions,
} from "@supabase/supabase-js";

export type { EmailOtpType, SupabaseClient } from "@supabase/supabase-js";
export type { CookieOptions } from "@supabase/ssr";
export { parseCookieHeader, serializeCookieHeader } from "@supabase/ssr";

type Transport = NonNullable<NonNullable<SupabaseClientOptions<"public">["realtime"]>["transport"]>;

/**
 * supabase-js builds a Realtime client inside every client it creates, and on Node 20 (no global
 * WebSocket) that throws unless a WebSocket class is passed in. The server only ever uses Auth, so
 * it gets a stand-in that would fail loudly if anything did open a Realtime connection.
 */
class NoRealtimeOnTheServer {
  constructor() {
    throw new Error("Supabase Realtime is not used on the server");
  }
}

const SERVER_OPTIONS = {
  realtime: { transport: NoRealtimeOnTheServer as unknown as Transport },
} satisfies SupabaseClientOptions<"public">;

/** A client over one request's cookies (session reads and refreshes); never shared. */
export function supabaseCookieClient(
  url: string,
  key: string,
  cookies: CookieMethodsServer,
): SupabaseClient {
  return createServerClient(url, key, { ...SERVER_OPTIONS, cookies });
}

/**
 * A client with no session of its own: to check a token with Supabase Auth (publishable key), or
 * for the Auth admin API (service-role key, admin CLI only).
 */
export function supabaseStatelessClient(url: string, key: string): SupabaseClient {
  return createClient(url, key, {
    ...SERVER_OPTIONS,
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
