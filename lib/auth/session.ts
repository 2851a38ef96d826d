import "server-only";
import { query } from "@/lib/db";
import type { PgRow } from "@/lib/db/database.types";
import { env } from "@/lib/env";
import { appCookieOptions, type CookieJar } from "./cookies";
import { SESSION_COOKIE, verifyLocalSession } from "./local-session";
import { authKey } from "./secret";
import { supabaseSession } from "./supabase";
import { overridesSchema, type TierOverrides } from "./tier-overrides";
import { TIER_IDS, type TierId } from "./types";
import { logger } from "@/lib/observability/log";

const log = logger("auth");

/** Who a session cookie says is signed in, after its signature and expiry checked out. */
export interface SessionUser {
  id: string;
  email: string | null;
  source: "supabase" | "local";
}

/**
 * The signed-in user of a request, from the session of the configured sign-in (Supabase's cookies
 * or the local lk_session), or null. With `clear` (the caller can send cookies), a local session
 * cookie that no longer verifies (expired, or signed with another secret) is removed.
 */
export async function sessionUser(
  jar: CookieJar,
  options: { clear?: { secure: boolean } } = {},
): Promise<SessionUser | null> {
  const { mode } = env().auth;
  if (mode === "supabase") {
    const claims = await supabaseSession(jar);
    return claims && { id: claims.sub, email: claims.email, source: "supabase" };
  }
  if (mode === "local") {
    const token = jar.get(SESSION_COOKIE);
    if (token === undefined) return null;
    const claims = await verifyLocalSession(token, authKey("local-session"));
    if (!claims) {
      if (options.clear) clearLocalSession(jar, options.clear.secure);
      return null;
    }
    return { id: claims.sub, email: claims.email, source: "local" };
  }
  return null;
}

export function clearLocalSession(jar: CookieJar, secure: boolean): void {
  jar.set(SESSION_COOKIE, "", appCookieOptions(secure, 0));
}

/** A user's account data (public.profiles): tier, limit overrides, email. */
export interface Profile {
  id: string;
  email: string | null;
  tier: TierId;
  overrides: TierOverrides;
  /** May use /admin and /admin/queues (profiles.is_admin, set with the admin CLI). */
  isAdmin: boolean;
}

type ProfileRow = Pick<PgRow<"profiles">, "id" | "email" | "tier_id" | "overrides" | "is_admin">;

/**
 * The profile of a signed-in user. The sign-up trigger creates it; one missing (a user from before
 * that trigger) is created here from auth.users. Null when the auth user no longer exists, so a
 * session of a deleted account signs nobody in.
 */
export async function loadProfile(userId: string): Promise<Profile | null> {
  const select = `select id, email, tier_id, overrides, is_admin from public.profiles where id = $1`;
  let [row] = await query<ProfileRow>(select, [userId]);
  if (!row) {
    // "on conflict do nothing" without a target also covers an email another profile already has.
    await query(
      `insert into public.profiles (id, email)
       select id, email from auth.users where id = $1
       on conflict do nothing`,
      [userId],
    );
    [row] = await query<ProfileRow>(select, [userId]);
  }
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    tier: toTier(row.tier_id),
    overrides: parseOverrides(row.overrides),
    isAdmin: row.is_admin,
  };
}

function toTier(id: string): TierId {
  if ((TIER_IDS as readonly string[]).includes(id)) return id as TierId;
  log.warn({ tier: id }, "unknown tier on a profile: using free");
  return "free";
}

/** profiles.overrides as typed overrides; malformed ones count as none (as limitsFor does). */
export function parseOverrides(value: unknown): TierOverrides {
  const parsed = overridesSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}
