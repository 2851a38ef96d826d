// Next.js proxy (formerly middleware): refreshes a Supabase Auth session on page loads, since Server
// Components cannot write cookies. Does nothing when no Supabase project is configured.
import type { NextRequest } from "next/server";
import { refreshSupabaseSession } from "@/lib/auth/proxy";

export function proxy(request: NextRequest) {
  return refreshSupabaseSession(request);
}

// Image URLs (/i/…, /prompt/…) are hot paths that need no session refresh.
export const config = { matcher: ["/((?!_next/static|_next/image|i/|prompt/|icon.svg).*)"] };
