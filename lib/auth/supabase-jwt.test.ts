import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
  UnsecuredJWT,
} from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSupabaseVerifier, supabaseEndpoints } from "./supabase-jwt";

// Tokens made the way Supabase Auth makes them: the same header and claims, signed with a legacy
// JWT secret (HS256) or an asymmetric signing key (ES256) whose public half is served as a JWKS.
const REF = "abcdefghijklmnopqrst";
const ISSUER = `https://${REF}.supabase.co/auth/v1`;
const USER_ID = "6f1c1b7e-2a4d-4c8e-9b1a-0d3e5f7a9c21";
const SESSION_ID = "0b9e4f5c-7d2a-4e1b-8c3d-6a5f4e3d2c1b";
const LEGACY_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
const KID = "4d1f9a2c-8e7b-4c6d-a5f3-2b1e0d9c8a7f";

const now = () => Math.floor(Date.now() / 1000);

function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const iat = now();
  const payload: Record<string, unknown> = {
    iss: ISSUER,
    sub: USER_ID,
    aud: "authenticated",
    exp: iat + 3600,
    iat,
    email: "ada@example.com",
    phone: "",
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: {
      email: "ada@example.com",
      email_verified: true,
      phone_verified: false,
      sub: USER_ID,
    },
    role: "authenticated",
    aal: "aal1",
    amr: [{ method: "otp", timestamp: iat }],
    session_id: SESSION_ID,
    is_anonymous: false,
    ...overrides,
  };
  // `undefined` in overrides removes a claim.
  return Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
}

function hs256(payload: JWTPayload, secret = LEGACY_SECRET): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "HS256", kid: "legacy", typ: "JWT" })
    .sign(new TextEncoder().encode(secret));
}

let signingKey: CryptoKey;
let publicJwk: JWK;
let server: Server;
let projectUrl: string;
let jwksRequests = 0;

function es256(payload: JWTPayload, key: CryptoKey = signingKey, kid = KID): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: "ES256", kid, typ: "JWT" }).sign(key);
}

beforeAll(async () => {
  const pair = await generateKeyPair("ES256", { extractable: true });
  signingKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: "ES256", use: "sig" };
  // Supabase serves the project's public signing keys here.
  server = createServer((req, res) => {
    if (req.url === "/auth/v1/.well-known/jwks.json") {
      jwksRequests++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [{ ...publicJwk, key_ops: ["verify"] }] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  projectUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

type Verify = ReturnType<typeof createSupabaseVerifier>;

/** The project's real issuer, with its keys served by the local JWKS server. */
function jwksVerifier(options: { jwtSecret?: string } = {}) {
  return createSupabaseVerifier({
    issuer: ISSUER,
    jwksUrl: supabaseEndpoints(projectUrl).jwksUrl,
    ...options,
  });
}

describe("supabaseEndpoints", () => {
  it("derives the issuer and JWKS URL from the project URL", () => {
    const { issuer, jwksUrl } = supabaseEndpoints(`https://${REF}.supabase.co/`);
    expect(issuer).toBe(ISSUER);
    expect(jwksUrl.toString()).toBe(`https://${REF}.supabase.co/auth/v1/.well-known/jwks.json`);
  });
});

describe("HS256 tokens (legacy JWT secret)", () => {
  let verify: Verify;
  beforeAll(() => {
    verify = jwksVerifier({ jwtSecret: LEGACY_SECRET });
  });

  it("accepts a good token and returns its claims", async () => {
    const result = await verify(await hs256(claims()));
    expect(result).toEqual({
      ok: true,
      claims: {
        sub: USER_ID,
        email: "ada@example.com",
        role: "authenticated",
        sessionId: SESSION_ID,
        aal: "aal1",
        exp: expect.any(Number),
      },
    });
  });

  it("rejects an expired token", async () => {
    const token = await hs256(claims({ iat: now() - 7200, exp: now() - 60 }));
    expect(await verify(token)).toEqual({ ok: false, reason: "expired" });
  });

  it("rejects a token signed with another secret", async () => {
    const token = await hs256(claims(), "another-projects-secret-of-at-least-32-chars");
    expect(await verify(token)).toEqual({ ok: false, reason: "invalid" });
  });

  it("rejects a token whose signature was tampered with", async () => {
    const [header, , signature] = (await hs256(claims())).split(".");
    const forged = Buffer.from(JSON.stringify(claims({ sub: crypto.randomUUID() }))).toString(
      "base64url",
    );
    expect(await verify(`${header}.${forged}.${signature}`)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("rejects another project's issuer", async () => {
    const token = await hs256(claims({ iss: "https://zyxwvutsrqponmlkjihg.supabase.co/auth/v1" }));
    expect(await verify(token)).toEqual({ ok: false, reason: "invalid" });
  });

  it("rejects a token for another audience", async () => {
    expect(await verify(await hs256(claims({ aud: "service" })))).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("rejects the project's own anon key (signed with the same secret, role anon)", async () => {
    const anonKey = await hs256({
      iss: "supabase",
      ref: REF,
      role: "anon",
      iat: now(),
      exp: now() + 10 * 365 * 86400,
    });
    expect((await verify(anonKey)).ok).toBe(false);
  });

  it("rejects an anonymous Supabase sign-in and a sub that is not a user id", async () => {
    expect((await verify(await hs256(claims({ is_anonymous: true })))).ok).toBe(false);
    expect((await verify(await hs256(claims({ sub: "service-account" })))).ok).toBe(false);
  });

  it("rejects an authenticated-looking token without an expiry", async () => {
    expect((await verify(await hs256(claims({ exp: undefined })))).ok).toBe(false);
  });

  it("without the secret, asks Supabase Auth, and only after the claims checked out", async () => {
    const remote = vi.fn(async (token: string) => token.length > 0);
    const verifyRemote = createSupabaseVerifier({
      issuer: ISSUER,
      jwksUrl: supabaseEndpoints(projectUrl).jwksUrl,
      verifyRemotely: remote,
    });
    expect((await verifyRemote(await hs256(claims()))).ok).toBe(true);
    expect(remote).toHaveBeenCalledTimes(1);

    expect(await verifyRemote(await hs256(claims({ aud: "service" })))).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await verifyRemote(await hs256(claims({ exp: now() - 60 })))).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(remote).toHaveBeenCalledTimes(1);

    remote.mockResolvedValueOnce(false);
    expect(await verifyRemote(await hs256(claims()))).toEqual({ ok: false, reason: "invalid" });
  });

  it("without the secret or Supabase to ask, accepts no HS256 token", async () => {
    expect(await jwksVerifier()(await hs256(claims()))).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("ES256 tokens (asymmetric signing keys, JWKS)", () => {
  let verify: Verify;
  beforeAll(() => {
    verify = jwksVerifier();
  });

  it("accepts a good token, fetching the JWKS once for many tokens", async () => {
    const before = jwksRequests;
    const first = await verify(await es256(claims()));
    expect(first).toMatchObject({ ok: true, claims: { sub: USER_ID, email: "ada@example.com" } });
    expect(await verify(await es256(claims({ email: "" })))).toMatchObject({
      ok: true,
      claims: { email: null },
    });
    expect(jwksRequests - before).toBe(1);
  });

  it("rejects an expired token", async () => {
    const token = await es256(claims({ iat: now() - 7200, exp: now() - 60 }));
    expect(await verify(token)).toEqual({ ok: false, reason: "expired" });
  });

  it("rejects a token signed by another key under the project's key id", async () => {
    const impostor = await generateKeyPair("ES256");
    expect(await verify(await es256(claims(), impostor.privateKey))).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("rejects a token whose key id the project does not publish", async () => {
    const token = await es256(claims(), signingKey, "a-rotated-out-key");
    expect(await verify(token)).toEqual({ ok: false, reason: "invalid" });
  });

  it("rejects another project's issuer and another audience", async () => {
    const otherIssuer = claims({ iss: "https://zyxwvutsrqponmlkjihg.supabase.co/auth/v1" });
    expect(await verify(await es256(otherIssuer))).toEqual({ ok: false, reason: "invalid" });
    expect(await verify(await es256(claims({ aud: ["anon"] })))).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("rejects HS256 signed with the public key (algorithm confusion) and unsigned tokens", async () => {
    const pem = await exportSPKI(
      (await import("node:crypto")).createPublicKey({ key: publicJwk, format: "jwk" }),
    );
    expect((await verify(await hs256(claims(), pem))).ok).toBe(false);
    const unsigned = new UnsecuredJWT(claims()).encode();
    expect((await verify(unsigned)).ok).toBe(false);
  });

  it("calls garbage malformed", async () => {
    expect(await verify("not-a-jwt")).toEqual({ ok: false, reason: "malformed" });
    expect(await verify("")).toEqual({ ok: false, reason: "malformed" });
  });

  it("reports the JWKS being unreachable as unavailable, not as a bad token", async () => {
    const offline = createSupabaseVerifier({
      issuer: ISSUER,
      // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
      jwksUrl: new URL("http://127.0.0.1:9/auth/v1/.well-known/jwks.json"),
    });
    expect(await offline(await es256(claims()))).toEqual({ ok: false, reason: "unavailable" });
  });
});
