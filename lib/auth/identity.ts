import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/env";
import {
  ANON_COOKIE,
  ANON_COOKIE_MAX_AGE,
  newAnonymousId,
  signAnonymousId,
  verifyAnonymousCookie,
} from "./anonymous";
import { verifyApiKey } from "./api-keys";
import { assertKeyAttemptsLeft, recordFailedKeyAttempt } from "./key-guessing";
import { clientIp } from "./client-ip";
import {
  appCookieOptions,
  isSecureContext,
  nextCookieJar,
  requestCookieJar,
  withSetCookies,
} from "./cookies";
import { authKey } from "./secret";
import { loadProfile, parseOverrides, sessionUser } from "./session";
import { type Identity, subjectFor, type TierId } from "./types";

/**
 * Who a request is from, resolved once per request, in this order:
 *
 * 1. An API key, sent as `Authorization: Bearer <key>`, `?token=<key>` or a JSON body's `token`.
 *    When any of them is present the key must be valid: a bad one is a 401 (key_invalid,
 *    key_revoked, key_expired), never a quiet fall-back to anonymous.
 * 2. A browser session: Supabase Auth's cookies, or the local sign-in's lk_session.
 * 3. An anonymous visitor: the signed lk_anon cookie, issued on the first request without one.
 *
 * The client IP comes from TRUSTED_PROXY_HEADER only (client-ip.ts).
 */
export interface ResolvedIdentity {
  identity: Identity;
  /**
   * Set-Cookie values the response must carry: a new anonymous id, a refreshed Supabase session, a
   * stale session cookie removed. Add them with `withSetCookies(response, setCookies)`.
   */
  setCookies: string[];
  /**
   * The visitor this request was just made into (a new anonymous cookie): who its next requests
   * will be. This one is still charged as cookieless (see subjectFor.cookieless).
   */
  issuedVisitor?: Identity;
}

export { withSetCookies };

const KEY_MESSAGES = {
  key_invalid: "The API key is not valid. Check that it was copied whole.",
  key_revoked: "This API key has been revoked. Ask the account owner for a new one.",
  key_expired: "This API key has expired. Ask the account owner for a new one.",
} as const;

/**
 * The API key a request presents, or undefined when it presents none. Throws a 401 when a form is
 * present but cannot hold a key (an empty Bearer, a non-string body token) or when two forms name
 * different keys.
 */
export function presentedApiKey(request: Request, body?: unknown): string | undefined {
  const found: string[] = [];
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const bearer = /^Bearer(?:\s+(.*))?$/i.exec(authorization.trim());
    // Other schemes (Basic, …) are not ours to read.
    if (bearer) found.push(bearer[1]?.trim() ?? "");
  }
  const query = new URL(request.url).searchParams.getAll("token");
  found.push(...query.map((t) => t.trim()));
  if (body !== null && typeof body === "object" && !Array.isArray(body) && "token" in body) {
    const token = (body as { token: unknown }).token;
    found.push(typeof token === "string" ? token.trim() : "");
  }
  const [first, ...others] = found;
  if (first === undefined) return undefined;
  if (others.some((k) => k !== first)) {
    throw keyError("key_invalid", "The request names more than one API key. Send one, once.");
  }
  if (first === "") throw keyError("key_invalid");
  return first;
}

function keyError(code: keyof typeof KEY_MESSAGES, message?: string): ApiError {
  return new ApiError(code, message ?? KEY_MESSAGES[code], {
    headers: { "WWW-Authenticate": `Bearer error="invalid_token"` },
  });
}

/**
 * Whom failed key lookups are counted against, to slow down guessing: the client IP when the trusted
 * proxy gives one, else the visitor cookie, else one bucket for every such caller (set
 * TRUSTED_PROXY_HEADER in production, or one guesser slows down every cookieless integrator).
 */
function keyGuesser(request: Request, ip: string | null): string {
  if (ip) return `ip:${ip}`;
  const anonId = verifyAnonymousCookie(
    requestCookieJar(request).get(ANON_COOKIE),
    authKey("anonymous-cookie"),
  );
  return anonId ? `anon:${anonId}` : "unknown";
}

function sharedPoolLimits(shared: { dailyQuota: number; ratePerMinute: number }) {
  return { daily_quota: shared.dailyQuota, rate_per_minute: shared.ratePerMinute };
}

export async function resolveIdentity(
  request: Request,
  options: { body?: unknown } = {},
): Promise<ResolvedIdentity> {
  const config = env();
  const ip = clientIp(request.headers, config.auth.trustedProxyHeader);

  const key = presentedApiKey(request, options.body);
  if (key !== undefined) {
    const guesser = keyGuesser(request, ip);
    await assertKeyAttemptsLeft(guesser);
    const result = await verifyApiKey(key);
    if (!result.ok) {
      await recordFailedKeyAttempt(guesser);
      throw keyError(result.code);
    }
    return {
      identity: {
        kind: "api_key",
        subject: subjectFor.apiKey(result.key.id),
        tier: result.owner.tier,
        userId: result.key.ownerId,
        email: result.owner.email,
        apiKeyId: result.key.id,
        ip,
        overrides: parseOverrides(result.owner.overrides),
      },
      setCookies: [],
    };
  }

  const jar = requestCookieJar(request);
  const secure = isSecureContext(request, config.appUrl);
  const session = await sessionUser(jar, { clear: { secure } });
  if (session) {
    const profile = await loadProfile(session.id);
    if (profile) {
      return {
        identity: {
          kind: "user",
          subject: subjectFor.user(profile.id),
          tier: profile.tier,
          userId: profile.id,
          email: profile.email ?? session.email,
          apiKeyId: null,
          ip,
          overrides: profile.overrides,
        },
        setCookies: jar.setCookies,
      };
    }
  }

  const anonKey = authKey("anonymous-cookie");
  const anonId = verifyAnonymousCookie(jar.get(ANON_COOKIE), anonKey);
  const visitor = (subject: string, overrides: Identity["overrides"] = {}): Identity => ({
    kind: "anonymous",
    subject,
    tier: "anonymous",
    userId: null,
    email: null,
    apiKeyId: null,
    ip,
    overrides,
  });
  if (anonId !== null) {
    return { identity: visitor(subjectFor.anonymous(anonId)), setCookies: jar.setCookies };
  }
  const issued = newAnonymousId();
  jar.set(
    ANON_COOKIE,
    signAnonymousId(issued, anonKey),
    appCookieOptions(secure, ANON_COOKIE_MAX_AGE),
  );
  return {
    identity: visitor(
      subjectFor.cookieless(ip),
      ip === null ? sharedPoolLimits(config.auth.anonShared) : {},
    ),
    setCookies: jar.setCookies,
    issuedVisitor: visitor(subjectFor.anonymous(issued)),
  };
}

export interface CurrentUser {
  id: string;
  email: string | null;
  tier: TierId;
  isAdmin: boolean;
}

/**
 * The signed-in user, for Server Components (header, sign-in page), or null. Once per render
 * (React cache), however many components ask. Throws while the database is unreachable (503).
 */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const jar = nextCookieJar(await cookies());
  const session = await sessionUser(jar);
  if (!session) return null;
  const profile = await loadProfile(session.id);
  if (!profile) return null;
  return {
    id: profile.id,
    email: profile.email ?? session.email,
    tier: profile.tier,
    isAdmin: profile.isAdmin,
  };
});
