import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { VerifyResult } from "./api-keys";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ cookies: vi.fn() }));
vi.mock("./api-keys", () => ({ verifyApiKey: vi.fn() }));
// Counted in Redis; lib/auth/key-guessing.int.test.ts and the anonymous-limits test run them for real.
vi.mock("./key-guessing", () => ({ recordFailedKeyLookup: vi.fn() }));
vi.mock("./visitor-minting", () => ({ mayMintVisitorCookie: vi.fn() }));
vi.mock("./session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./session")>()),
  loadProfile: vi.fn(),
}));

const { verifyApiKey } = await import("./api-keys");
const { recordFailedKeyLookup } = await import("./key-guessing");
const { mayMintVisitorCookie } = await import("./visitor-minting");
const { loadProfile } = await import("./session");
const { resolveIdentity, withSetCookies } = await import("./identity");
const { ApiError } = await import("@/lib/api/errors");
const { authKey } = await import("./secret");
const { signLocalSession } = await import("./local-session");
const { signAnonymousId, newAnonymousId } = await import("./anonymous");

const KEY = `lk_live_${"a".repeat(43)}`;
const USER_ID = "8d3c5e2a-1b4f-4a6d-9e8c-7f6a5b4c3d2e";
const KEY_ID = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

const validKey: VerifyResult = {
  ok: true,
  key: { id: KEY_ID, ownerId: USER_ID, name: "ci", dailyLimit: null },
  owner: {
    tier: "enterprise",
    email: "ops@example.com",
    overrides: { daily_quota: 100_000, nonsense: true },
  },
};

function request(
  path = "/api/v1/generations",
  init: { headers?: Record<string, string>; https?: boolean } = {},
): Request {
  const origin = init.https ? "https://likeness.test" : "http://likeness.test";
  return new Request(`${origin}${path}`, { headers: init.headers });
}

function cookieOf(setCookies: string[], name: string): string | undefined {
  return setCookies.find((c) => c.startsWith(`${name}=`));
}

beforeAll(() => {
  // Set before lib/env.ts first parses the environment (it caches the result).
  vi.stubEnv("AUTH_SECRET", "unit-test-secret-unit-test-secret-0123456789");
  vi.stubEnv("TRUSTED_PROXY_HEADER", "X-Forwarded-For");
  vi.stubEnv("LOCAL_AUTH", "enabled");
});

afterAll(() => {
  vi.unstubAllEnvs();
});

beforeEach(() => {
  vi.mocked(verifyApiKey).mockReset();
  vi.mocked(loadProfile).mockReset();
  vi.mocked(recordFailedKeyLookup).mockReset();
  vi.mocked(mayMintVisitorCookie).mockReset().mockResolvedValue(true);
});

describe("anonymous visitors", () => {
  it("get a signed id cookie on their first request", async () => {
    const { identity, setCookies } = await resolveIdentity(request());
    expect(identity).toMatchObject({
      kind: "anonymous",
      tier: "anonymous",
      userId: null,
      email: null,
      apiKeyId: null,
      overrides: {},
    });
    // Not charged to the id it is handed: a client that never returns it would get a fresh quota
    // every time. This request counts against the shared cookieless pool (no trusted IP here).
    expect(identity.subject).toBe("anon:cookieless");
    // Shared by every such client, so more than one visitor's allowance (ANON_SHARED_*).
    expect(identity.overrides).toEqual({ daily_quota: 100, rate_per_minute: 60 });
    // Its next requests are the visitor of the cookie it was handed, with the tier's own limits.
    const { issuedVisitor } = await resolveIdentity(request());
    expect(issuedVisitor).toMatchObject({ kind: "anonymous", overrides: {} });
    expect(issuedVisitor!.subject).toMatch(/^anon:[A-Za-z0-9_-]{22}$/);
    const cookie = cookieOf(setCookies, "lk_anon")!;
    expect(cookie).toMatch(/^lk_anon=[A-Za-z0-9_-]{22}\./);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Max-Age=31536000/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it("keep their id while the cookie verifies, with nothing to set", async () => {
    const id = newAnonymousId();
    const value = signAnonymousId(id, authKey("anonymous-cookie"));
    const { identity, setCookies } = await resolveIdentity(
      request("/", { headers: { cookie: `other=1; lk_anon=${value}` } }),
    );
    expect(identity.subject).toBe(`anon:${id}`);
    expect(setCookies).toEqual([]);
  });

  it("get a new id for a forged cookie", async () => {
    const id = newAnonymousId();
    const forged = signAnonymousId(id, new Uint8Array(32));
    const { identity, setCookies } = await resolveIdentity(
      request("/", { headers: { cookie: `lk_anon=${forged}` } }),
    );
    expect(identity.subject).toBe("anon:cookieless");
    expect(cookieOf(setCookies, "lk_anon")).toBeDefined();
  });

  it("get a Secure cookie over https", async () => {
    const { setCookies } = await resolveIdentity(request("/", { https: true }));
    expect(cookieOf(setCookies, "lk_anon")).toMatch(/Secure/);
  });

  it("carry the IP from the trusted proxy header only", async () => {
    const withIp = await resolveIdentity(
      request("/", { headers: { "x-forwarded-for": "6.6.6.6, 203.0.113.7" } }),
    );
    expect(withIp.identity.ip).toBe("203.0.113.7");
    // Cookieless requests from one IP share that IP's quota, however many cookies they are handed.
    expect(withIp.identity.subject).toBe("anon:ip:203.0.113.7");
    const spoofed = await resolveIdentity(request("/", { headers: { "x-real-ip": "6.6.6.6" } }));
    expect(spoofed.identity.ip).toBeNull();
  });

  it("are the TCP peer's address (recorded by server.mjs) when the trusted header is absent", async () => {
    const { identity } = await resolveIdentity(
      request("/", { headers: { "x-likeness-peer-address": "::ffff:198.51.100.4" } }),
    );
    expect(identity.ip).toBe("198.51.100.4");
    expect(identity.subject).toBe("anon:ip:198.51.100.4");
    expect(mayMintVisitorCookie).toHaveBeenCalledWith("198.51.100.4");
  });

  it("past the address's new-cookie allowance, stay its cookieless visitor: served, no new cookie", async () => {
    vi.mocked(mayMintVisitorCookie).mockResolvedValue(false);
    const { identity, setCookies, issuedVisitor } = await resolveIdentity(
      request("/", { headers: { "x-forwarded-for": "203.0.113.9" } }),
    );
    expect(identity).toMatchObject({ kind: "anonymous", subject: "anon:ip:203.0.113.9" });
    expect(cookieOf(setCookies, "lk_anon")).toBeUndefined();
    expect(issuedVisitor).toBeUndefined();
  });
});

describe("API keys", () => {
  it.each([
    [
      "an Authorization: Bearer header",
      request("/", { headers: { authorization: `Bearer ${KEY}` } }),
      undefined,
    ],
    ["the token query parameter", request(`/?token=${KEY}`), undefined],
    ["a JSON body's token", request("/"), { prompt: "x", token: KEY }],
  ])("are read from %s", async (_name, req, body) => {
    vi.mocked(verifyApiKey).mockResolvedValue(validKey);
    const { identity, setCookies } = await resolveIdentity(req, { body });
    expect(verifyApiKey).toHaveBeenCalledWith(KEY);
    // The account, as its session is: one quota and one rate limit for all of its keys.
    expect(identity).toEqual({
      kind: "api_key",
      subject: `user:${USER_ID}`,
      tier: "enterprise",
      userId: USER_ID,
      email: "ops@example.com",
      apiKeyId: KEY_ID,
      apiKeyDailyLimit: null,
      ip: null,
      overrides: { daily_quota: 100_000 },
    });
    expect(setCookies).toEqual([]);
  });

  it.each(["key_invalid", "key_revoked", "key_expired"] as const)(
    "answer 401 %s for a key that does not verify",
    async (code) => {
      vi.mocked(verifyApiKey).mockResolvedValue({ ok: false, code, lookedUp: true });
      const error = await resolveIdentity(
        request("/", { headers: { authorization: `Bearer ${KEY}` } }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code, status: 401 });
      expect((error as InstanceType<typeof ApiError>).headers["WWW-Authenticate"]).toMatch(
        /^Bearer/,
      );
    },
  );

  it("never fall back to the session or anonymous when a key is present but bad", async () => {
    vi.mocked(verifyApiKey).mockResolvedValue({ ok: false, code: "key_invalid", lookedUp: false });
    await expect(resolveIdentity(request(`/?token=wrong`))).rejects.toMatchObject({
      code: "key_invalid",
    });
  });

  it("count a failed lookup against the client address, and a key refused by its shape not at all", async () => {
    const from = { headers: { authorization: `Bearer ${KEY}`, "x-forwarded-for": "203.0.113.5" } };
    vi.mocked(verifyApiKey).mockResolvedValue({ ok: false, code: "key_invalid", lookedUp: true });
    await expect(resolveIdentity(request("/", from))).rejects.toMatchObject({ status: 401 });
    expect(recordFailedKeyLookup).toHaveBeenCalledWith("ip:203.0.113.5");

    vi.mocked(recordFailedKeyLookup).mockClear();
    vi.mocked(verifyApiKey).mockResolvedValue({ ok: false, code: "key_invalid", lookedUp: false });
    await expect(resolveIdentity(request("/", from))).rejects.toMatchObject({ status: 401 });
    expect(recordFailedKeyLookup).not.toHaveBeenCalled();
  });

  it("let a valid key through whatever its address's failure count", async () => {
    vi.mocked(recordFailedKeyLookup).mockRejectedValue(new ApiError("rate_limited", "slow down"));
    vi.mocked(verifyApiKey).mockResolvedValue(validKey);
    const req = request("/", {
      headers: { authorization: `Bearer ${KEY}`, "x-forwarded-for": "203.0.113.5" },
    });
    expect((await resolveIdentity(req)).identity.kind).toBe("api_key");
    expect(recordFailedKeyLookup).not.toHaveBeenCalled();
  });

  it.each([
    ["an empty Bearer", request("/", { headers: { authorization: "Bearer " } }), undefined],
    ["an empty token parameter", request("/?token="), undefined],
    ["a body token that is not a string", request("/"), { token: 42 }],
    [
      "two different keys",
      request(`/?token=${KEY}x`, { headers: { authorization: `Bearer ${KEY}` } }),
      undefined,
    ],
  ])("refuse %s without looking it up", async (_name, req, body) => {
    await expect(resolveIdentity(req, { body })).rejects.toMatchObject({ code: "key_invalid" });
    expect(verifyApiKey).not.toHaveBeenCalled();
  });

  it("accept the same key sent two ways", async () => {
    vi.mocked(verifyApiKey).mockResolvedValue(validKey);
    const req = request(`/?token=${KEY}`, { headers: { authorization: `bearer ${KEY}` } });
    expect((await resolveIdentity(req, { body: { token: KEY } })).identity.kind).toBe("api_key");
  });

  it("win over a session cookie", async () => {
    vi.mocked(verifyApiKey).mockResolvedValue(validKey);
    const session = await signLocalSession(
      { id: "0b9e4f5c-7d2a-4e1b-8c3d-6a5f4e3d2c1b", email: "ada@example.com" },
      authKey("local-session"),
    );
    const req = request("/", {
      headers: { authorization: `Bearer ${KEY}`, cookie: `lk_session=${session}` },
    });
    expect((await resolveIdentity(req)).identity).toMatchObject({
      kind: "api_key",
      apiKeyId: KEY_ID,
    });
    expect(loadProfile).not.toHaveBeenCalled();
  });

  it("are not read from other Authorization schemes", async () => {
    const req = request("/", { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect((await resolveIdentity(req)).identity.kind).toBe("anonymous");
    expect(verifyApiKey).not.toHaveBeenCalled();
  });
});

describe("local sessions", () => {
  async function sessionCookie(key = authKey("local-session")): Promise<string> {
    return `lk_session=${await signLocalSession({ id: USER_ID, email: "ada@example.com" }, key)}`;
  }

  it("resolve to the user with their profile's tier and overrides", async () => {
    vi.mocked(loadProfile).mockResolvedValue({
      id: USER_ID,
      email: "ada@example.com",
      tier: "premium",
      overrides: { rate_per_minute: 30 },
      isAdmin: false,
    });
    const { identity, setCookies } = await resolveIdentity(
      request("/", { headers: { cookie: await sessionCookie() } }),
    );
    expect(loadProfile).toHaveBeenCalledWith(USER_ID);
    expect(identity).toEqual({
      kind: "user",
      subject: `user:${USER_ID}`,
      tier: "premium",
      userId: USER_ID,
      email: "ada@example.com",
      apiKeyId: null,
      apiKeyDailyLimit: null,
      ip: null,
      overrides: { rate_per_minute: 30 },
    });
    expect(setCookies).toEqual([]);
  });

  it("that do not verify are cleared, and the visitor is anonymous", async () => {
    const cookie = await sessionCookie(new Uint8Array(32).fill(9));
    const { identity, setCookies } = await resolveIdentity(request("/", { headers: { cookie } }));
    expect(identity.kind).toBe("anonymous");
    expect(loadProfile).not.toHaveBeenCalled();
    expect(cookieOf(setCookies, "lk_session")).toMatch(/^lk_session=; .*Max-Age=0/);
    expect(cookieOf(setCookies, "lk_anon")).toBeDefined();
  });

  it("of a deleted account sign nobody in", async () => {
    vi.mocked(loadProfile).mockResolvedValue(null);
    const { identity } = await resolveIdentity(
      request("/", { headers: { cookie: await sessionCookie() } }),
    );
    expect(identity.kind).toBe("anonymous");
  });
});

describe("state-changing requests authenticated by a cookie", () => {
  const post = (headers: Record<string, string>) =>
    new Request("http://likeness.test/api/v1/generations", {
      method: "POST",
      headers: { host: "127.0.0.1:3000", "content-type": "text/plain", ...headers },
    });
  const session = () =>
    signLocalSession({ id: USER_ID, email: "ada@example.com" }, authKey("local-session"));
  const visitor = () => signAnonymousId(newAnonymousId(), authKey("anonymous-cookie"));
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => "accepted",
      (e: unknown) => (e instanceof ApiError ? e.code : String(e)),
    );

  beforeEach(() => {
    vi.mocked(loadProfile).mockResolvedValue({
      id: USER_ID,
      email: "ada@example.com",
      tier: "free",
      overrides: {},
      isAdmin: false,
    });
  });

  it.each([
    ["another site's Origin", { origin: "http://evil.example" }],
    ["a malformed Origin", { origin: "http://127.0.0.1:3000.evil.example" }],
    ["an opaque Origin", { origin: "null" }],
    ["another site's Referer", { referer: "http://evil.example/page" }],
    ["neither Origin nor Referer", {}],
  ])("are refused (csrf_rejected) with %s", async (_, headers) => {
    for (const cookie of [`lk_session=${await session()}`, `lk_anon=${visitor()}`]) {
      expect(await codeOf(resolveIdentity(post({ ...headers, cookie })))).toBe("csrf_rejected");
    }
  });

  it("are accepted from the app's own origin (or, without Origin, its Referer)", async () => {
    const froms: Record<string, string>[] = [
      { origin: "http://127.0.0.1:3000" },
      { referer: "http://127.0.0.1:3000/generate" },
    ];
    for (const from of froms) {
      const user = await resolveIdentity(
        post({ ...from, cookie: `lk_session=${await session()}` }),
      );
      expect(user.identity.kind).toBe("user");
      const anon = await resolveIdentity(post({ ...from, cookie: `lk_anon=${visitor()}` }));
      expect(anon.identity.kind).toBe("anonymous");
    }
  });

  it("are not checked when an API key authenticates, nor without a cookie, nor on GET", async () => {
    vi.mocked(verifyApiKey).mockResolvedValue(validKey);
    const evil = { origin: "http://evil.example" };
    const keyed = post({ ...evil, authorization: `Bearer ${KEY}`, cookie: `lk_anon=${visitor()}` });
    expect((await resolveIdentity(keyed)).identity.kind).toBe("api_key");
    expect((await resolveIdentity(post(evil))).identity.subject).toBe("anon:cookieless");
    const get = new Request("http://likeness.test/api/v1/me/limits", {
      headers: { host: "127.0.0.1:3000", ...evil, cookie: `lk_session=${await session()}` },
    });
    expect((await resolveIdentity(get)).identity.kind).toBe("user");
  });
});

describe("withSetCookies", () => {
  it("adds each cookie and keeps shared caches from storing the response", () => {
    const response = withSetCookies(
      Response.json({}, { headers: { "Cache-Control": "public, max-age=10" } }),
      ["a=1; Path=/", "b=2; Path=/"],
    );
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(response.headers.get("Cache-Control")).toMatch(/^private, no-cache, no-store/);
  });

  it("leaves a response without cookies alone", () => {
    const response = withSetCookies(
      Response.json({}, { headers: { "Cache-Control": "public, max-age=10" } }),
      [],
    );
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=10");
  });
});
