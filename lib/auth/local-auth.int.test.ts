import { createHash, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
// The sign-in action reads the Origin it was posted from; identity.ts imports cookies() (unused here).
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ origin: "http://localhost:3000", host: "localhost:3000" }),
  cookies: vi.fn(),
}));

const { closeDb, query } = await import("@/lib/db");
const { closeRedis, readyRedis } = await import("@/lib/redis");
const { consumeSignInToken, createSignInToken, findOrCreateUser, signInLink } =
  await import("./local-auth");
const { resolveIdentity } = await import("./identity");
const { GET: confirm } = await import("@/app/auth/confirm/route");
const { POST: signOut } = await import("@/app/auth/signout/route");
const { requestSignInLink } = await import("@/app/signin/actions");

afterAll(async () => {
  await closeRedis();
  await closeDb();
});

/** A fresh address per test, so the tests never depend on each other's users. */
const email = () => `it-${randomUUID().slice(0, 8)}@example.com`;

function cookieFrom(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
}

describe("one-time sign-in tokens", () => {
  it("work once", async () => {
    const address = email();
    const token = await createSignInToken(address.toUpperCase(), "/generate");
    expect(await consumeSignInToken(token)).toEqual({ email: address, next: "/generate" });
    expect(await consumeSignInToken(token)).toBeNull();
  });

  it("are stored only as a SHA-256 hash, for 15 minutes", async () => {
    const token = await createSignInToken(email());
    const redis = await readyRedis();
    const hashed = `auth:signin:${createHash("sha256").update(token).digest("hex")}`;
    expect(await redis.exists(hashed)).toBe(1);
    const ttl = await redis.pttl(hashed);
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    const keys = await redis.keys("auth:signin:*");
    expect(keys.some((k) => k.includes(token))).toBe(false);
    const values = await Promise.all(keys.map((k) => redis.get(k)));
    expect(values.some((v) => v?.includes(token))).toBe(false);
  });

  it("stop working once expired", async () => {
    const token = await createSignInToken(email(), "/", { ttlMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await consumeSignInToken(token)).toBeNull();
  });

  it("are refused when unknown or malformed", async () => {
    expect(await consumeSignInToken("A".repeat(43))).toBeNull();
    expect(await consumeSignInToken("")).toBeNull();
    expect(await consumeSignInToken("../../etc/passwd")).toBeNull();
  });

  it("drop an unsafe next path", async () => {
    const token = await createSignInToken(email(), "//evil.example/");
    expect((await consumeSignInToken(token))?.next).toBe("/");
  });
});

describe("findOrCreateUser", () => {
  it("creates the auth user once, and the trigger its free profile with the email", async () => {
    const address = email();
    const user = await findOrCreateUser(address);
    expect(user.email).toBe(address);
    expect(await findOrCreateUser(address.toUpperCase())).toEqual(user);

    const users = await query<{ id: string }>(`select id from auth.users where email = $1`, [
      address,
    ]);
    expect(users).toEqual([{ id: user.id }]);
    const profiles = await query(`select tier_id, email from public.profiles where id = $1`, [
      user.id,
    ]);
    expect(profiles).toEqual([{ tier_id: "free", email: address }]);
  });

  it("gives concurrent first sign-ins of one email the same user", async () => {
    const address = email();
    const users = await Promise.all(Array.from({ length: 5 }, () => findOrCreateUser(address)));
    expect(new Set(users.map((u) => u.id)).size).toBe(1);
  });
});

describe("the sign-in flow", () => {
  it("shows and logs a link that signs in through /auth/confirm, once", async () => {
    const address = email();
    // The app logs through lib/observability/log.ts, which writes its lines to stdout.
    const log = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const form = new FormData();
    form.set("email", ` ${address} `);
    form.set("next", "/gallery?style=micah");
    const state = await requestSignInLink({ status: "idle" }, form);
    const logged = log.mock.calls.map(([chunk]) => String(chunk)).join("\n");
    log.mockRestore();
    expect(state).toMatchObject({ status: "sent", email: address });
    if (state.status !== "sent") throw new Error("no link");
    expect(state.link).toMatch(/^http:\/\/localhost:3000\/auth\/confirm\?token=[\w-]{43}$/);
    expect(logged).toContain(state.link);

    const response = await confirm(new Request(state.link));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/gallery?style=micah");
    const cookie = cookieFrom(response, "lk_session")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=604800/);
    expect(cookie).not.toMatch(/Secure/);

    const session = cookie.split(";")[0]!;
    const { identity } = await resolveIdentity(
      new Request("http://localhost:3000/api/v1/generations", { headers: { cookie: session } }),
    );
    const [row] = await query<{ id: string }>(`select id from auth.users where email = $1`, [
      address,
    ]);
    expect(identity).toEqual({
      kind: "user",
      subject: `user:${row!.id}`,
      tier: "free",
      userId: row!.id,
      email: address,
      apiKeyId: null,
      apiKeyDailyLimit: null,
      ip: null,
      overrides: {},
    });

    const again = await confirm(new Request(state.link));
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe("/signin?error=link_invalid");
    expect(cookieFrom(again, "lk_session")).toBeUndefined();
  });

  it("sets a Secure cookie over https", async () => {
    const token = await createSignInToken(email());
    const response = await confirm(new Request(signInLink("https://likeness.test", token)));
    expect(cookieFrom(response, "lk_session")).toMatch(/Secure/);
  });

  it("refuses an expired link", async () => {
    const token = await createSignInToken(email(), "/", { ttlMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const response = await confirm(new Request(signInLink("http://localhost:3000", token)));
    expect(response.headers.get("location")).toBe("/signin?error=link_invalid");
  });

  it("reports a bad email on the form", async () => {
    const form = new FormData();
    form.set("email", "not-an-email");
    expect(await requestSignInLink({ status: "idle" }, form)).toMatchObject({
      status: "error",
      field: "email",
    });
  });

  it("signs out by clearing the session cookie, and refuses a cross-site sign-out", async () => {
    const response = await signOut(
      new Request("http://localhost:3000/auth/signout", {
        method: "POST",
        headers: { origin: "http://localhost:3000", host: "localhost:3000" },
      }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    expect(cookieFrom(response, "lk_session")).toMatch(/^lk_session=; .*Max-Age=0/);

    const forged = await signOut(
      new Request("http://localhost:3000/auth/signout", {
        method: "POST",
        headers: { origin: "https://evil.example", host: "localhost:3000" },
      }),
    );
    expect(forged.status).toBe(403);
    expect(cookieFrom(forged, "lk_session")).toBeUndefined();
  });
});
