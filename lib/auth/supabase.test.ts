import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// The Supabase path end to end, against a stand-in Supabase project on loopback (its JWKS and its
// refresh-token endpoint): @supabase/ssr reads the session from real sb-<ref>-auth-token cookies,
// an expiring session is refreshed and its new cookies returned, and only verified tokens count.
vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ cookies: vi.fn() }));
vi.mock("./session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./session")>()),
  loadProfile: vi.fn(),
}));

const USER_ID = "6f1c1b7e-2a4d-4c8e-9b1a-0d3e5f7a9c21";
const KID = "test-key";

let server: Server;
let url: string;
let signingKey: CryptoKey;
let refreshCalls = 0;

const now = () => Math.floor(Date.now() / 1000);

function accessToken(overrides: JWTPayload = {}, key: CryptoKey = signingKey): Promise<string> {
  const iat = now();
  return new SignJWT({
    iss: `${url}/auth/v1`,
    sub: USER_ID,
    aud: "authenticated",
    exp: iat + 3600,
    iat,
    email: "grace@example.com",
    phone: "",
    role: "authenticated",
    aal: "aal1",
    session_id: "0b9e4f5c-7d2a-4e1b-8c3d-6a5f4e3d2c1b",
    is_anonymous: false,
    ...overrides,
  })
    .setProtectedHeader({ alg: "ES256", kid: KID, typ: "JWT" })
    .sign(key);
}

function session(token: string, expiresAt: number, refreshToken = "refresh-1") {
  return {
    access_token: token,
    token_type: "bearer",
    expires_in: expiresAt - now(),
    expires_at: expiresAt,
    refresh_token: refreshToken,
    user: { id: USER_ID, aud: "authenticated", role: "authenticated", email: "grace@example.com" },
  };
}

/** The cookie @supabase/ssr writes for a session (base64url encoding, one chunk). */
function sessionCookie(value: object): string {
  const ref = new URL(url).hostname.split(".")[0];
  const encoded = `base64-${Buffer.from(JSON.stringify(value)).toString("base64url")}`;
  return `sb-${ref}-auth-token=${encoded}`;
}

beforeAll(async () => {
  const pair = await generateKeyPair("ES256", { extractable: true });
  signingKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: "ES256", use: "sig" };
  server = createServer((req, res) => {
    const path = req.url ?? "";
    if (path === "/auth/v1/.well-known/jwks.json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else if (path.startsWith("/auth/v1/token?grant_type=refresh_token")) {
      refreshCalls++;
      void accessToken().then((token) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(session(token, now() + 3600, "refresh-2")));
      });
    } else {
      res.writeHead(404, { "content-type": "application/json" }).end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vi.stubEnv("NEXT_PUBLIC_SUPABASE_URL", url);
  vi.stubEnv("NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY", "sb_publishable_test");
  vi.stubEnv("AUTH_SECRET", "unit-test-secret-unit-test-secret-0123456789");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise((resolve) => server.close(resolve));
});

const { loadProfile } = await import("./session");
const { resolveIdentity } = await import("./identity");

beforeEach(() => {
  refreshCalls = 0;
  vi.mocked(loadProfile).mockReset();
  vi.mocked(loadProfile).mockResolvedValue({
    id: USER_ID,
    email: "grace@example.com",
    tier: "free",
    overrides: {},
    isAdmin: false,
  });
});

function requestWith(cookie: string): Request {
  return new Request(`${url.replace("127.0.0.1", "localhost")}/api/v1/generations`, {
    headers: { cookie },
  });
}

describe("Supabase sessions", () => {
  it("sign in the user of a verified session cookie", async () => {
    const cookie = sessionCookie(session(await accessToken(), now() + 3600));
    const { identity, setCookies } = await resolveIdentity(requestWith(cookie));
    expect(identity).toMatchObject({
      kind: "user",
      subject: `user:${USER_ID}`,
      email: "grace@example.com",
    });
    expect(loadProfile).toHaveBeenCalledWith(USER_ID);
    expect(setCookies).toEqual([]);
    expect(refreshCalls).toBe(0);
  });

  it("refresh an expiring session and hand back the new cookies", async () => {
    const stale = await accessToken({ iat: now() - 3600, exp: now() + 5 });
    const { identity, setCookies } = await resolveIdentity(
      requestWith(sessionCookie(session(stale, now() + 5))),
    );
    expect(refreshCalls).toBe(1);
    expect(identity.kind).toBe("user");
    const refreshed = setCookies.find((c) => /^sb-127-auth-token=base64-/.test(c));
    expect(refreshed).toBeDefined();
    const value = refreshed!.split(";")[0]!.split("=")[1]!.slice("base64-".length);
    expect(JSON.parse(Buffer.from(value, "base64url").toString())).toMatchObject({
      refresh_token: "refresh-2",
    });
  });

  it("do not count when the access token is not the project's", async () => {
    const impostor = await generateKeyPair("ES256");
    const forged = await accessToken({}, impostor.privateKey);
    const { identity } = await resolveIdentity(
      requestWith(sessionCookie(session(forged, now() + 3600))),
    );
    expect(identity.kind).toBe("anonymous");
    expect(loadProfile).not.toHaveBeenCalled();
  });

  it("do not count for another project's token, whatever the cookie claims", async () => {
    const other = await accessToken({ iss: "https://zyxwvutsrqponmlkjihg.supabase.co/auth/v1" });
    const { identity } = await resolveIdentity(
      requestWith(sessionCookie(session(other, now() + 3600))),
    );
    expect(identity.kind).toBe("anonymous");
  });

  it("ignore the local session cookie while Supabase is configured", async () => {
    const { identity } = await resolveIdentity(requestWith("lk_session=anything"));
    expect(identity.kind).toBe("anonymous");
  });
});
