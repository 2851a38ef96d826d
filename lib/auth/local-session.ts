import { randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";

/**
 * The local sign-in's session token: a JWT shaped like a Supabase access token (sub, email, role
 * "authenticated", aud "authenticated", session_id, aal), HS256-signed with a key derived from the
 * app's auth secret. It lives in an HttpOnly cookie for 7 days and is checked on every request;
 * nothing is stored server-side, so signing out removes the cookie (a copy of the token taken
 * before then stays valid until it expires, which is acceptable for local and test stacks only).
 *
 * Pure: the key is passed in (lib/auth/secret.ts derives it).
 */
export const SESSION_COOKIE = "lk_session";
export const SESSION_MAX_AGE_S = 7 * 24 * 60 * 60;
/** Our own issuer, so a local token can never pass for a Supabase one or the other way round. */
export const LOCAL_ISSUER = "likeness-local-auth";
const AUDIENCE = "authenticated";

export interface LocalSessionUser {
  id: string;
  email: string;
}

export interface LocalSessionClaims {
  sub: string;
  email: string;
  sessionId: string;
  exp: number;
}

export async function signLocalSession(
  user: LocalSessionUser,
  key: Uint8Array,
  now = new Date(),
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    email: user.email,
    role: "authenticated",
    aal: "aal1",
    amr: [{ method: "otp", timestamp: iat }],
    session_id: randomUUID(),
    is_anonymous: false,
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(user.id)
    .setIssuedAt(iat)
    .setExpirationTime(iat + SESSION_MAX_AGE_S)
    .sign(key);
}

/** The claims of a valid, unexpired session token this server signed; null for anything else. */
export async function verifyLocalSession(
  token: string | undefined,
  key: Uint8Array,
): Promise<LocalSessionClaims | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: LOCAL_ISSUER,
      audience: AUDIENCE,
      requiredClaims: ["sub", "exp", "email", "session_id"],
    });
    if (payload.role !== "authenticated") return null;
    if (typeof payload.email !== "string" || typeof payload.session_id !== "string") return null;
    return {
      sub: payload.sub!,
      email: payload.email,
      sessionId: payload.session_id,
      exp: payload.exp!,
    };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
