import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { query } from "@/lib/db";
import { env } from "@/lib/env";
import { readyRedis } from "@/lib/redis";
import { signLocalSession } from "./local-session";
import { authKey } from "./secret";
import { emailSchema, safeNextPath } from "./sign-in-input";
import { logger } from "@/lib/observability/log";

const log = logger("auth");

/**
 * Local sign-in, for stacks without a Supabase project: the same session shape, email-based, but no
 * email is sent. The one-time link is shown to whoever asked for it and printed in the server log,
 * so anyone can sign in as any address: it is on by default only outside production (LOCAL_AUTH).
 *
 * 1. createSignInLink: a random token; only its SHA-256 is kept, in Redis, for 15 minutes.
 * 2. consumeSignInToken: GETDEL, so a token works once, and not after it expired.
 * 3. findOrCreateUser: the auth.users row (the database trigger adds the free profile).
 * 4. signLocalSession (local-session.ts): the session cookie's JWT.
 */
export const SIGN_IN_TTL_MS = 15 * 60_000;

// On globalThis: Next bundles this module into each route separately, and once per process is enough.
const state = globalThis as typeof globalThis & { likenessLocalAuthWarned?: boolean };

export function localAuthEnabled(): boolean {
  const enabled = env().auth.mode === "local";
  if (enabled && env().nodeEnv === "production" && !state.likenessLocalAuthWarned) {
    state.likenessLocalAuthWarned = true;
    log.warn(
      "LOCAL_AUTH=enabled in production: anyone can sign in as any email. For local stacks and tests only.",
    );
  }
  return enabled;
}

function redisKey(token: string): string {
  return `auth:signin:${createHash("sha256").update(token).digest("hex")}`;
}

interface PendingSignIn {
  email: string;
  next: string;
}

/** Stores a new one-time sign-in token for `email` and returns the token (shown once, never stored). */
export async function createSignInToken(
  email: string,
  next: string = "/",
  options: { ttlMs?: number } = {},
): Promise<string> {
  const pending: PendingSignIn = { email: emailSchema.parse(email), next: safeNextPath(next) };
  const token = randomBytes(32).toString("base64url");
  const redis = await readyRedis();
  await redis.set(redisKey(token), JSON.stringify(pending), "PX", options.ttlMs ?? SIGN_IN_TTL_MS);
  return token;
}

/** The link to put on screen and in the log. */
export function signInLink(origin: string, token: string): string {
  const url = new URL("/auth/confirm", origin);
  url.searchParams.set("token", token);
  return url.toString();
}

/** The pending sign-in of a token, deleting it: null when unknown, used or expired. */
export async function consumeSignInToken(token: string): Promise<PendingSignIn | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const redis = await readyRedis();
  const raw = await redis.getdel(redisKey(token));
  if (raw === null) return null;
  const parsed = JSON.parse(raw) as Partial<PendingSignIn>;
  if (typeof parsed.email !== "string") return null;
  return { email: parsed.email, next: safeNextPath(parsed.next) };
}

/**
 * The auth.users row of `email`, created on first sign-in (the on_auth_user_created trigger then
 * creates its profile: tier free, with the email). Emails are kept lower-cased.
 */
export async function findOrCreateUser(email: string): Promise<{ id: string; email: string }> {
  const normalised = emailSchema.parse(email);
  // Two tries: when a concurrent sign-in inserts the same email between this statement's snapshot
  // and its insert, neither branch returns a row, and the next statement sees the committed one.
  for (let attempt = 0; attempt < 2; attempt++) {
    const [user] = await query<{ id: string; email: string }>(
      `with created as (
         insert into auth.users (email) values ($1)
         on conflict (email) do nothing
         returning id, email
       )
       select id, email from created
       union all
       select id, email from auth.users where email = $1
       limit 1`,
      [normalised],
    );
    if (user) return user;
  }
  throw new Error(`could not find or create the user ${normalised}`);
}

/** Signs the session token for a user that just proved they hold a sign-in link. */
export function localSessionToken(user: { id: string; email: string }): Promise<string> {
  return signLocalSession(user, authKey("local-session"));
}
