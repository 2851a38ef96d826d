import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ cookies: vi.fn() }));

const { closeDb } = await import("@/lib/db");
const { createApiKey, generateApiKey } = await import("./api-keys");
const { resolveIdentity } = await import("./identity");
const { readyRedis, redis } = await import("@/lib/redis");
const { query } = await import("@/lib/db");

/**
 * A request as server.mjs hands it to the app with the default configuration (no trusted proxy):
 * the TCP peer's address in its own header, and whatever X-Forwarded-For the client made up.
 */
function from(address: string, key: string, forged = "6.6.6.6"): Request {
  return new Request("http://likeness.test/api/v1/generations", {
    headers: {
      authorization: `Bearer ${key}`,
      "x-likeness-peer-address": address,
      "x-forwarded-for": forged,
    },
  });
}

/** A fresh address per test run: the counts live in Redis for ten minutes. */
const address = () => `198.18.${randomInt(256)}.${randomInt(1, 255)}`;
/** Well-formed (a valid checksum) but unknown: each one costs a lookup. */
const unknownKey = () => generateApiKey().key;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

describe("guessing API keys", () => {
  let valid: string;

  beforeAll(async () => {
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
    await closeDb();
    redis().disconnect();
  });

  it("answers 401 for 20 unknown keys from one address, 429 from the 21st, and a valid key still works from it and from anywhere", async () => {
    const guesser = address();
    for (let i = 0; i < 20; i++) {
      // A made-up X-Forwarded-For each time changes nothing: the socket's address is counted.
      expect(
        await failure(resolveIdentity(from(guesser, unknownKey(), `10.0.0.${i}`))),
      ).toMatchObject({
        status: 401,
      });
    }
    const refused = await failure(resolveIdentity(from(guesser, unknownKey())));
    expect(refused).toMatchObject({ code: "rate_limited", status: 429 });
    expect((refused as { headers: Record<string, string> }).headers["Retry-After"]).toMatch(
      /^\d+$/,
    );

    for (const who of [guesser, address()]) {
      const { identity } = await resolveIdentity(from(who, valid));
      expect(identity.kind).toBe("api_key");
    }
    // Another address's unknown key is its own first failure: a 401.
    expect(await failure(resolveIdentity(from(address(), unknownKey())))).toMatchObject({
      status: 401,
    });
  });

  it("never counts malformed keys or keys whose checksum does not match", async () => {
    const typist = address();
    const good = generateApiKey().key;
    const mistyped = `${good.slice(0, 20)}${good[20] === "a" ? "b" : "a"}${good.slice(21)}`;
    for (let i = 0; i < 30; i++) {
      for (const bad of [`lk_live_nope${i}`, mistyped, `lk_live_${"x".repeat(49)}`]) {
        expect(await failure(resolveIdentity(from(typist, bad)))).toMatchObject({
          code: "key_invalid",
          status: 401,
        });
      }
    }
    expect(await redis().exists(`likeness:rl:keyfail:ip:${typist}`)).toBe(0);
    // 90 refusals later the address still has all 20 lookups' worth of failures before a 429.
    for (let i = 0; i < 20; i++) {
      expect(await failure(resolveIdentity(from(typist, unknownKey())))).toMatchObject({
        status: 401,
      });
    }
  });

  it("counts keys of the older shape (no checksum) like any other lookup", async () => {
    const who = address();
    const legacyShaped = () =>
      `lk_live_${Array.from({ length: 43 }, () => "ABCDEFGHJK"[randomInt(10)]).join("")}`;
    for (let i = 0; i < 20; i++) {
      expect(await failure(resolveIdentity(from(who, legacyShaped())))).toMatchObject({
        status: 401,
      });
    }
    expect(await failure(resolveIdentity(from(who, legacyShaped())))).toMatchObject({
      status: 429,
    });
  });
});
