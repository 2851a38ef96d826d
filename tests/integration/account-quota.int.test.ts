import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ cookies: vi.fn() }));

const { query } = await import("@/lib/db");
const { usageOf } = await import("@/lib/limits/quota");
const { generateApiKey } = await import("@/lib/auth/api-keys");
const { POST: generate } = await import("@/app/api/v1/generations/route");
const { GET: account } = await import("@/app/api/v1/account/route");
const { GET: myLimits } = await import("@/app/api/v1/me/limits/route");
const { POST: createKey } = await import("@/app/api/v1/account/keys/route");
const { call, newAccount, newAddress, uniqueBody } = await import("./http");
const { emptyGenerationQueue } = await import("./queue-hooks");

emptyGenerationQueue();

/** A key inserted directly, as keys made before the cap existed are: the cap does not stop them. */
async function insertKey(ownerId: string, dailyLimit: number | null = null) {
  const generated = generateApiKey();
  const [row] = await query<{ id: string }>(
    `insert into public.api_keys (owner_id, name, prefix, key_hash, daily_limit)
     values ($1, 'it', $2, $3, $4) returning id`,
    [ownerId, generated.prefix, generated.hash, dailyLimit],
  );
  return { id: row!.id, key: generated.key };
}

const asKey = (key: string) => ({ authorization: `Bearer ${key}` });

describe("the daily quota belongs to the account", () => {
  it("holds a session and 30 keys, racing, to the account's quota together", async () => {
    const owner = await newAccount("enterprise", { daily_quota: 20 });
    const keys = await Promise.all(Array.from({ length: 30 }, () => insertKey(owner.id)));
    const from = newAddress();
    const attempts = [
      ...Array.from({ length: 10 }, () => ({ cookie: owner.session })),
      ...keys.flatMap((k) => [asKey(k.key), asKey(k.key)]),
    ];
    const responses = await Promise.all(
      attempts.map((headers) =>
        call(generate, "/api/v1/generations", { from, headers, json: uniqueBody("account fox") }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(attempts.length - 20);
    expect(await usageOf(`user:${owner.id}`)).toBe(20);
    const perKey = await Promise.all(keys.map((k) => usageOf(`key:${k.id}`)));
    expect(perKey.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(20);

    // The account page's view: the total, split between the session and each key.
    const view = (await (
      await call(account, "/api/v1/account", { from, headers: { cookie: owner.session } })
    ).json()) as {
      usage: { used: number; remaining: number };
      usage_split: { session: number; keys: { id: string; used: number }[] };
    };
    expect(view.usage).toMatchObject({ used: 20, remaining: 0 });
    const split = view.usage_split;
    expect(split.session + split.keys.reduce((a, k) => a + k.used, 0)).toBe(20);
    expect(split.keys).toHaveLength(30);
  });

  it("holds a key to its own lower daily limit while the account has more", async () => {
    const owner = await newAccount("enterprise", { daily_quota: 50 });
    const limited = await insertKey(owner.id, 2);
    const other = await insertKey(owner.id);
    const from = newAddress();
    const post = (key: string) =>
      call(generate, "/api/v1/generations", {
        from,
        headers: asKey(key),
        json: uniqueBody("kept fox"),
      });
    expect((await post(limited.key)).status).toBe(202);
    expect((await post(limited.key)).status).toBe(202);
    const refused = await post(limited.key);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: unknown }).error).toMatchObject({
      code: "quota_exceeded",
      details: { scope: "key", allowed: 2 },
    });
    // The day's headers give what this key has left, not the account's 48.
    expect(refused.headers.get("X-RateLimit-Remaining-Day")).toBe("0");
    expect((await post(other.key)).status).toBe(202);
    expect(await usageOf(`user:${owner.id}`)).toBe(3);
    expect(await usageOf(`key:${limited.id}`)).toBe(2);

    // What a key sees of its limits: the account's usage, and what is left to it.
    const seen = (await (
      await call(myLimits, "/api/v1/me/limits", { from, headers: asKey(limited.key) })
    ).json()) as {
      usage: { used: number; remaining: number };
    };
    expect(seen.usage).toMatchObject({ used: 3, remaining: 0 });
  });

  it("caps live keys per account: the 11th enterprise key is refused, naming the cap", async () => {
    const owner = await newAccount("enterprise");
    const from = newAddress();
    const make = (name: string, extra: Record<string, unknown> = {}) =>
      call(createKey, "/api/v1/account/keys", {
        from,
        headers: { cookie: owner.session },
        json: { name, ...extra },
      });
    for (let i = 0; i < 10; i++) expect((await make(`key ${i}`)).status).toBe(201);
    const refused = await make("key 10");
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as {
      error: { code: string; message: string; details: unknown };
    };
    expect(body.error).toMatchObject({
      code: "api_key_limit_reached",
      details: { max_api_keys: 10 },
    });
    expect(body.error.message).toContain("10");

    // A key with a daily limit of its own, once a place is free.
    await query(
      "update public.api_keys set revoked_at = now() where id = (select id from public.api_keys where owner_id = $1 limit 1)",
      [owner.id],
    );
    const limited = await make("limited", { daily_limit: 5 });
    expect(limited.status).toBe(201);
    expect(await limited.json()).toMatchObject({ daily_limit: 5, used_today: 0 });
    expect((await make("bad", { daily_limit: 0 })).status).toBe(422);
  });
});
