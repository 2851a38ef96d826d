import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { assertSameOriginForCookies } from "@/lib/api/csrf";
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
import { recordFailedKeyLookup } from "./key-guessing";
import { clientAddress } from "./client-ip";
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
import { mayMintVisitorCookie } from "./visitor-minting";
import { logger } from "@/lib/observability/log";

const log = logger("identity");

/**
 * Who a request is from, resolved once per request, in this order:
 *
 * 1. An API key, sent as `Authorization: Bearer <key>`, `?token=<key>` or a JSON body's `token`.
 *    When any of them is present the key must be valid: a bad one is a 401 (key_invalid,
 *    key_revoked, key_expired), never a quiet fall-back to anonymous.
 * 2. A browser session: Supabase Auth's cookies, or the local sign-in's lk_session.
 * 3. An anonymous visitor: the signed lk_anon cookie, issued on the first request without one
 *    (at most ANON_COOKIES_PER_ADDRESS_PER_HOUR new ones per address; past that, the address's
 *    cookieless visitor).
 *
 * A session and every API key of an account are the same subject, the account (`user:<id>`): its
 * quota and rate limit are one, whichever way it calls. The client address comes from
 * TRUSTED_PROXY_HEADER, else the TCP peer (client-ip.ts), never from a header a client chooses.
 *
 * A state-changing request that a cookie authenticates (2 or 3) must come from this site's own pages
 * (lib/api/csrf.ts), checked here because this is where it is known that a cookie, not a key, is
 * what authenticates it, and every route that changes something resolves its caller first.
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

/** Whom failed key lookups are counted against: the client address, or one bucket when unknown. */
function keyGuesser(address: string | null): string {
  return address ? `ip:${address}` : "unknown";
}

function sharedPoolLimits(shared: { dailyQuota: number; ratePerMinute: number }) {
  return { daily_quota: shared.dailyQuota, rate_per_minute: shared.ratePerMinute };
}

let warnedUnknownAddress = false;

export async function resolveIdentity(
  request: Request,
  options: {
    body?: unknown;
    /**
     * What a request that is neither a key nor a session is: `issue` (the default) a visitor, with
     * a new cookie if it had none; `read` the visitor its cookie names, if any, and none is issued
     * (readers of a generation); `none` an anonymous caller whatever its cookie says (the account
     * routes, which serve accounts only).
     */
    visitors?: "issue" | "read" | "none";
  } = {},
): Promise<ResolvedIdentity> {
  const config = env();
  const ip = clientAddress(request.headers, config.auth.trustedProxyHeader);
  if (ip === null && !warnedUnknownAddress) {
    warnedUnknownAddress = true;
    log.warn(
      "client address unknown: start the web process with server.mjs (npm start does), or set TRUSTED_PROXY_HEADER behind a proxy; until then anonymous limits fall back to one shared pool",
    );
  }

  const key = presentedApiKey(request, options.body);
  if (key !== undefined) {
    // The key first: a valid one is never refused for someone else's failures.
    const result = await verifyApiKey(key);
    if (!result.ok) {
      if (result.lookedUp) await recordFailedKeyLookup(keyGuesser(ip));
      throw keyError(result.code);
    }
    return {
      identity: {
        kind: "api_key",
        subject: subjectFor.user(result.key.ownerId),
        tier: result.owner.tier,
        userId: result.key.ownerId,
        email: result.owner.email,
        apiKeyId: result.key.id,
        apiKeyDailyLimit: result.key.dailyLimit,
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
    assertSameOriginForCookies(request);
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
          apiKeyDailyLimit: null,
          ip,
          overrides: profile.overrides,
        },
        setCookies: jar.setCookies,
      };
    }
  }

  const cookieless = () => ({
    identity: anonymousIdentity(
      subjectFor.cookieless(ip),
      ip,
      ip === null ? sharedPoolLimits(config.auth.anonShared) : {},
    ),
    setCookies: jar.setCookies,
  });
  if (options.visitors === "none") return cookieless();
  const anonKey = authKey("anonymous-cookie");
  const anonId = verifyAnonymousCookie(jar.get(ANON_COOKIE), anonKey);
  const visitor = (subject: string, overrides: Identity["overrides"] = {}): Identity =>
    anonymousIdentity(subject, ip, overrides);
  if (anonId !== null) {
    assertSameOriginForCookies(request);
    return { identity: visitor(subjectFor.anonymous(anonId)), setCookies: jar.setCookies };
  }
  if (options.visitors === "read") return cookieless();
  // Every new cookie is a new visitor's quota: an address gets a few an hour, then stays cookieless.
  if (ip !== null && !(await mayMintVisitorCookie(ip))) return cookieless();
  const issued = newAnonymousId();
  jar.set(
    ANON_COOKIE,
    signAnonymousId(issued, anonKey),
    appCookieOptions(secure, ANON_COOKIE_MAX_AGE),
  );
  return { ...cookieless(), issuedVisitor: visitor(subjectFor.anonymous(issued)) };
}

function anonymousIdentity(
  subject: string,
  ip: string | null,
  overrides: Identity["overrides"] = {},
): Identity {
  return {
    kind: "anonymous",
    subject,
    tier: "anonymous",
    userId: null,
    email: null,
    apiKeyId: null,
    apiKeyDailyLimit: null,
    ip,
    overrides,
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
