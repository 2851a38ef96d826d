import type { SupabaseClientOptions } from "@supabase/supabase-js";

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

export const SERVER_CLIENT_OPTIONS = {
  realtime: { transport: NoRealtimeOnTheServer as unknown as Transport },
} satisfies SupabaseClientOptions<"public">;
