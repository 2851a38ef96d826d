import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ cookies: vi.fn() }));

const { closeDb } = await import("@/lib/db");
const { createApiKey } = await import("./api-keys");
const { resolveIdentity } = await import("./identity");
const { readyRedis, redis } = await import("@/lib/redis");
const { query } = await import("@/lib/db");

function fromIp(ip: string, key: string): Request {
  return new Request("http://likeness.test/api/v1/generations", {
    headers: { authorization: `Bearer ${key}`, "cf-connecting-ip": ip },
  });
}

const wrong = (i: number) => `lk_live_${String(i).padStart(43, "x")}`;

describe("guessing API keys", () => {
  let valid: string;

  beforeAll(async () => {
    vi.stubEnv("TRUSTED_PROXY_HEADER", "cf-connecting-ip");
    // The counts live in Redis: connected first, or the first attempts go to the in-memory fallback.
    await readyRedis();
    const [user] = await query<{ id: string }>(
      "insert into auth.users (email) values ($1) returning id",
      [`guess-${Date.now()}@it.test`],
    );
    await query("update public.profiles set tier_id = 'enterprise' where id = $1", [user!.id]);
    valid = (await createApiKey({ ownerId: user!.id, name: "it" })).key;
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await closeDb();
    redis().disconnect();
  });

  it("answers 401 for 20 wrong keys from one address, then 429 for anything from it, a valid key too", async () => {
    const ip = "203.0.113.50";
    for (let i = 0; i < 20; i++) {
      await expect(resolveIdentity(fromIp(ip, wrong(i)))).rejects.toMatchObject({ status: 401 });
    }
    for (const key of [wrong(99), valid]) {
      const refused = await resolveIdentity(fromIp(ip, key)).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: "rate_limited", status: 429 });
      expect((refused as { headers: Record<string, string> }).headers["Retry-After"]).toMatch(
        /^\d+$/,
      );
    }
  });

  it("leaves other addresses alone", async () => {
    const { identity } = await resolveIdentity(fromIp("203.0.113.51", valid));
    expect(identity.kind).toBe("api_key");
  });
});
