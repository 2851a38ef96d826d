import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/auth/api-keys";
import { limitsFor } from "@/lib/auth/tiers";
import { type Identity, subjectFor } from "@/lib/auth/types";
import { closeDb, query } from "@/lib/db";
import { closeQueues, queue } from "@/lib/queue/queues";
import { closeRedis, readyRedis } from "@/lib/redis";
import { cachedSuccess, rememberSuccess } from "./hot-cache";
import { cacheKey, generationInputSchema, normalizeGeneration, requestHash } from "./normalize";
import { getGeneration, markSucceeded } from "./repository";
import { requestGeneration } from "./service";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ cookies: vi.fn() }));

const { canRead } = await import("./access");
const { serveGenerations } = await import("./pipeline");
const { setHistoryPrivacy } = await import("@/lib/account/history");
const { announceGeneration, FEED_RECENT, recentFeed } = await import("@/lib/feed/publish");

beforeAll(async () => {
  await queue("generations").obliterate({ force: true });
  await (await readyRedis()).del(FEED_RECENT);
});
afterAll(async () => {
  await queue("generations").obliterate({ force: true });
  await closeQueues();
  await closeRedis();
  await closeDb();
});

const run = randomUUID().slice(0, 8);
const input = (prompt: string, extra: Record<string, unknown> = {}) =>
  generationInputSchema.parse({
    prompt: `${prompt} ${run}`,
    width: 128,
    height: 128,
    seed: 5,
    ...extra,
  });

async function account(tier: "free" | "enterprise" = "enterprise"): Promise<string> {
  const [user] = await query<{ id: string }>(
    "insert into auth.users (email) values ($1) returning id",
    [`privacy-${randomUUID()}@privacy.test`],
  );
  await query("update public.profiles set tier_id = $2 where id = $1", [user!.id, tier]);
  return user!.id;
}

function identity(kind: "user" | "anonymous", userId: string | null): Identity {
  return {
    kind,
    subject: userId ? subjectFor.user(userId) : subjectFor.anonymous(randomUUID()),
    tier: userId ? "enterprise" : "anonymous",
    userId,
    email: null,
    apiKeyId: null,
    apiKeyDailyLimit: null,
    ip: null,
    overrides: {},
  };
}

/** A real key of the account (requests record it), as an identity. */
async function keyOf(userId: string): Promise<Identity> {
  const key = await createApiKey({ ownerId: userId, name: "privacy" });
  return {
    ...identity("user", userId),
    kind: "api_key",
    // A key's requests are its account's (lib/auth/identity.ts).
    subject: subjectFor.user(userId),
    apiKeyId: key.id,
  };
}

async function caller(who: Identity) {
  return { identity: who, limits: await limitsFor(who.tier) };
}

async function succeed(id: string, sha = randomUUID().replace(/-/g, "").padEnd(64, "0")) {
  await markSucceeded(id, {
    provider: "local",
    model: "flux-schnell",
    keys: { png: `avatars/${sha.slice(0, 2)}/${sha}/original.png`, webp: {} },
    seed: 5,
    width: 128,
    height: 128,
    latencyMs: 1,
    costUsd: 0,
  });
  return (await getGeneration(id))!;
}

describe("private generations", () => {
  it("are keyed by their owner: nobody else is served them, the owner is", async () => {
    const alice = await account();
    const viaKey = await caller(await keyOf(alice));
    const viaSession = await caller(identity("user", alice));
    const bob = await caller(identity("user", await account()));
    const visitor = await caller(identity("anonymous", null));

    const secret = await requestGeneration(input("private fox", { private: true }), viaKey);
    const row = await succeed(secret.row.id);
    expect(row).toMatchObject({ private: true, private_owner: `user:${alice}` });
    expect(row.request_hash).not.toBe(requestHash(normalizeGeneration(input("private fox"))));

    // The owner, through another of their credentials: a hit on the same generation.
    const again = await requestGeneration(input("private fox", { private: true }), viaSession);
    expect(again).toMatchObject({ cache: "HIT", row: { id: row.id } });

    // Anyone else, publicly or privately: a generation of their own, never the private one.
    for (const [who, isPrivate] of [
      [bob, false],
      [bob, true],
      [visitor, false],
      [visitor, true],
    ] as const) {
      const theirs = await requestGeneration(input("private fox", { private: isPrivate }), who);
      expect(theirs.cache).toBe("MISS");
      expect(theirs.row.id).not.toBe(row.id);
      expect(theirs.row.private).toBe(isPrivate);
    }
  });

  it("are readable by their owner's session and keys only", async () => {
    const alice = await account();
    const made = await requestGeneration(
      input("readable fox", { private: true }),
      await caller(await keyOf(alice)),
    );
    const row = await succeed(made.row.id);
    expect(await canRead(row, identity("user", alice))).toBe(true);
    expect(await canRead(row, await keyOf(alice))).toBe(true);
    expect(await canRead(row, identity("user", await account()))).toBe(false);
    expect(await canRead(row, await keyOf(await account()))).toBe(false);
    expect(await canRead(row, identity("anonymous", null))).toBe(false);

    const visitor = identity("anonymous", null);
    const own = await requestGeneration(
      input("visitor fox", { private: true }),
      await caller(visitor),
    );
    const visitorRow = await succeed(own.row.id);
    expect(visitorRow.private_owner).toBe(visitor.subject);
    expect(await canRead(visitorRow, visitor)).toBe(true);
    expect(await canRead(visitorRow, identity("anonymous", null))).toBe(false);
  });

  it("never join a public generation in flight, so the public one is published and the private one is not", async () => {
    const shared = await requestGeneration(
      input("in flight fox"),
      await caller(identity("user", await account())),
    );
    const secret = await requestGeneration(
      input("in flight fox", { private: true }),
      await caller(await keyOf(await account())),
    );
    expect(shared.cache).toBe("MISS");
    expect(secret.cache).toBe("MISS");
    expect(secret.row.id).not.toBe(shared.row.id);
    await succeed(shared.row.id);
    await succeed(secret.row.id);
    await announceGeneration(shared.row.id);
    await announceGeneration(secret.row.id);
    const ids = (await recentFeed()).map((item) => item.id);
    expect(ids).toContain(shared.row.id);
    expect(ids).not.toContain(secret.row.id);
  });

  it("are what an API key makes by default; a browser's work stays public", async () => {
    const request = new Request("http://127.0.0.1:3000/api/v1/generations", { method: "POST" });
    const alice = await account();
    const serve = async (who: Identity, extra: Record<string, unknown> = {}) => {
      const c = await caller(who);
      const served = await serveGenerations(request, { ...c, setCookies: [], owner: null }, [
        generationInputSchema.parse({
          prompt: `default fox ${run} ${randomUUID()}`,
          seed: 1,
          width: 128,
          height: 128,
          ...extra,
        }),
      ]);
      return served.tickets[0]!.row.private;
    };
    expect(await serve(await keyOf(alice))).toBe(true);
    expect(await serve(await keyOf(alice), { private: false })).toBe(false);
    expect(await serve(identity("user", alice))).toBe(false);
    expect(await serve(identity("user", alice), { private: true })).toBe(true);
    expect(await serve(identity("anonymous", null))).toBe(false);
  });

  it("made private from a history leave the public cache, so the next person gets their own", async () => {
    const alice = await account("free");
    const aliceCaller = await caller({ ...identity("user", alice), tier: "free" });
    const made = await requestGeneration(input("withdrawn fox"), aliceCaller);
    const row = await succeed(made.row.id);
    await rememberSuccess(row);
    expect(await cachedSuccess(row.request_hash)).not.toBeNull();
    const [request] = await query<{ id: string }>(
      "select id from public.generation_requests where generation_id = $1 and owner_id = $2",
      [row.id, alice],
    );
    await setHistoryPrivacy(alice, request!.id, true);

    const after = (await getGeneration(row.id))!;
    expect(after.private).toBe(true);
    expect(after.request_hash).not.toBe(row.request_hash);
    expect(await cachedSuccess(row.request_hash)).toBeNull();
    expect(await canRead(after, identity("user", alice))).toBe(true);
    expect(await canRead(after, identity("user", await account()))).toBe(false);
    const next = await requestGeneration(
      input("withdrawn fox"),
      await caller(identity("user", await account())),
    );
    expect(next.cache).toBe("MISS");
    expect(next.row.id).not.toBe(row.id);
  });

  it("have the key the migration computes in SQL", async () => {
    const shared = requestHash(normalizeGeneration(input("sql fox")));
    const [row] = await query<{ key: string }>(
      "select encode(sha256(convert_to($1 || ':private:' || $2, 'UTF8')), 'hex') as key",
      [shared, "user:5b7f2c7e-0d0c-4f7e-9a52-6c3e1e7f0a01"],
    );
    expect(row?.key).toBe(
      cacheKey(normalizeGeneration(input("sql fox")), "user:5b7f2c7e-0d0c-4f7e-9a52-6c3e1e7f0a01"),
    );
  });
});
