import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyOptions,
} from "jose";

/**
 * Verification of Supabase Auth access tokens, on our side: a session cookie is client data, so its
 * token counts only once its signature, issuer, audience and expiry check out.
 *
 * - Asymmetric signing keys (ES256/RS256, Supabase's current default): verified against the project's
 *   public keys at /auth/v1/.well-known/jwks.json (fetched once, cached, refetched for a new kid).
 * - Legacy HS256 tokens: verified with the project's JWT secret when SUPABASE_JWT_SECRET is set;
 *   otherwise the token is shown to Supabase Auth (GET /auth/v1/user) and counts if it accepts it.
 *
 * auth.getClaims() in supabase-js does the signature part but checks neither issuer nor audience,
 * so a token for another project or the project's own anon key (a JWT too, role "anon") would pass
 * its signature check with a shared legacy secret; this does all of them.
 *
 * Pure: the secret and endpoints are passed in, so tests verify real tokens against a local JWKS.
 */
export interface SupabaseClaims {
  /** The auth.users id. */
  sub: string;
  email: string | null;
  role: "authenticated";
  sessionId: string | null;
  /** Authenticator assurance level: aal1 (one factor) or aal2 (MFA). */
  aal: string | null;
  exp: number;
}

export type SupabaseVerification =
  | { ok: true; claims: SupabaseClaims }
  | { ok: false; reason: "malformed" | "expired" | "invalid" | "unavailable" };

export interface SupabaseVerifierOptions {
  /** The `iss` Supabase puts in tokens: `<project url>/auth/v1`. */
  issuer: string;
  jwksUrl: URL;
  /** The legacy JWT secret, for HS256 tokens. */
  jwtSecret?: string;
  /** For HS256 tokens without a secret: true when Supabase Auth accepts the token. */
  verifyRemotely?: (token: string) => Promise<boolean>;
}

export const SUPABASE_AUDIENCE = "authenticated";

/** A project's token issuer and public-key URL. */
export function supabaseEndpoints(projectUrl: string): { issuer: string; jwksUrl: URL } {
  const base = projectUrl.replace(/\/+$/, "");
  return {
    issuer: `${base}/auth/v1`,
    jwksUrl: new URL(`${base}/auth/v1/.well-known/jwks.json`),
  };
}

const ASYMMETRIC = ["ES256", "RS256", "EdDSA"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Seconds of clock difference between us and Supabase tolerated on exp/iat. */
const CLOCK_TOLERANCE_S = 5;

export function createSupabaseVerifier(
  options: SupabaseVerifierOptions,
): (token: string) => Promise<SupabaseVerification> {
  const jwks = createRemoteJWKSet(options.jwksUrl, {
    timeoutDuration: 5_000,
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });
  const secret =
    options.jwtSecret === undefined ? undefined : new TextEncoder().encode(options.jwtSecret);
  const claimsCheck: JWTVerifyOptions = {
    issuer: options.issuer,
    audience: SUPABASE_AUDIENCE,
    requiredClaims: ["sub", "exp"],
    clockTolerance: CLOCK_TOLERANCE_S,
  };

  return async (token) => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      return { ok: false, reason: "malformed" };
    }
    try {
      let payload: JWTPayload;
      if (alg === "HS256") {
        if (secret) {
          payload = (await jwtVerify(token, secret, { ...claimsCheck, algorithms: ["HS256"] }))
            .payload;
        } else if (options.verifyRemotely) {
          payload = checkClaimsUnverified(token, options.issuer);
          if (!(await options.verifyRemotely(token))) return { ok: false, reason: "invalid" };
        } else {
          return { ok: false, reason: "invalid" };
        }
      } else if (alg !== undefined && ASYMMETRIC.includes(alg)) {
        payload = (await jwtVerify(token, jwks, { ...claimsCheck, algorithms: ASYMMETRIC }))
          .payload;
      } else {
        // "none", and anything Supabase does not sign with.
        return { ok: false, reason: "invalid" };
      }
      const claims = toClaims(payload);
      return claims ? { ok: true, claims } : { ok: false, reason: "invalid" };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
      if (error instanceof errors.JWKSTimeout) return { ok: false, reason: "unavailable" };
      if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) {
        return { ok: false, reason: "malformed" };
      }
      if (error instanceof errors.JOSEError) return { ok: false, reason: "invalid" };
      // The JWKS could not be fetched (network down, Supabase unreachable).
      return { ok: false, reason: "unavailable" };
    }
  };
}

/**
 * The claim checks jwtVerify does, for a token whose signature Supabase Auth is about to vouch for.
 * Throws jose's own errors, so both paths report alike.
 */
function checkClaimsUnverified(token: string, issuer: string): JWTPayload {
  const payload = decodeJwt(token);
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.exp !== "number" || payload.exp <= now - CLOCK_TOLERANCE_S) {
    throw new errors.JWTExpired('"exp" claim timestamp check failed', payload, "exp");
  }
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (payload.iss !== issuer || !aud.includes(SUPABASE_AUDIENCE)) {
    throw new errors.JWTClaimValidationFailed("unexpected iss or aud", payload);
  }
  return payload;
}

function toClaims(payload: JWTPayload): SupabaseClaims | null {
  // A signed-in user. Supabase also signs tokens for role "anon" (the anon key) and for anonymous
  // sign-ins (is_anonymous); neither is an account of ours.
  if (payload.role !== "authenticated" || payload.is_anonymous === true) return null;
  if (typeof payload.sub !== "string" || !UUID.test(payload.sub)) return null;
  return {
    sub: payload.sub.toLowerCase(),
    email: typeof payload.email === "string" && payload.email !== "" ? payload.email : null,
    role: "authenticated",
    sessionId: typeof payload.session_id === "string" ? payload.session_id : null,
    aal: typeof payload.aal === "string" ? payload.aal : null,
    exp: payload.exp!,
  };
}
