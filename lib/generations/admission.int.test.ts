import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { limitsFor } from "@/lib/auth/tiers";
import type { Identity } from "@/lib/auth/types";
import { closeDb, query } from "@/lib/db";
import { generationInputSchema } from "@/lib/generations/normalize";
import { markFailed, markSucceeded } from "@/lib/generations/repository";
import { requestGeneration, requestGenerations } from "@/lib/generations/service";
import { usageOf } from "@/lib/limits/quota";
import { closeQueues, queue } from "@/lib/queue/queues";
import { closeRedis } from "@/lib/redis";

beforeAll(async () => {
  await queue("generations").obliterate({ force: true });
});
afterAll(async () => {
  await queue("generations").obliterate({ force: true });
  await closeQueues();
  await closeRedis();
  await closeDb();
});

const anonymousIdentity = (): Identity => ({
  kind: "anonymous",
  subject: `anon:${randomUUID()}`,
  tier: "free",
  userId: null,
  email: null,
  apiKeyId: null,
  apiKeyDailyLimit: null,
  ip: null,
  overrides: {},
});

async function caller(tier: "free" | "premium" = "free") {
  const identity = { ...anonymousIdentity(), tier };
  return { identity, limits: await limitsFor(tier) };
}

const input = (prompt: string, extra: Record<string, unknown> = {}) =>
  generationInputSchema.parse({ prompt, width: 256, height: 256, seed: 7, ...extra });

describe("quota admission", () => {
  it("admits exactly 10 of 100 concurrent requests from one free caller; the rest get 429 with Retry-After", async () => {
    const who = await caller("free");
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => requestGeneration(input(`quota fox ${i}`), who)),
    );
    const admitted = results.filter((r) => r.status === "fulfilled");
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(admitted).toHaveLength(10);
    expect(refused).toHaveLength(90);
    for (const error of refused) {
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: "quota_exceeded", status: 429 });
      const headers = (error as ApiError).headers;
      expect(Number(headers["Retry-After"])).toBeGreaterThan(0);
      // X-RateLimit-* is the per-minute policy (added by the pipeline); the day has its own names.
      expect(headers["X-RateLimit-Remaining-Day"]).toBe("0");
      expect(headers.RateLimit).toMatch(/^"day";r=0;t=\d+$/);
      expect((error as ApiError).details).toMatchObject({ limit: "daily_quota", allowed: 10 });
    }
    expect(await usageOf(who.identity.subject)).toBe(10);
  });

  it("charges the request that starts a generation, not one that joins it, and refunds a failure exactly once", async () => {
    const a = await caller();
    const b = await caller();
    const first = await requestGeneration(input("refund fox"), a);
    const joined = await requestGeneration(input("refund fox"), b); // the same job, in flight
    expect(joined.row.id).toBe(first.row.id);
    expect([await usageOf(a.identity.subject), await usageOf(b.identity.subject)]).toEqual([1, 0]);

    expect(await markFailed(first.row.id, "providers_unavailable", "both down")).toBe(true);
    expect(await markFailed(first.row.id, "providers_unavailable", "both down")).toBe(false);
    expect([await usageOf(a.identity.subject), await usageOf(b.identity.subject)]).toEqual([0, 0]);
    const requests = await query<{ subject: string; charged: boolean; refunded: boolean }>(
      `select subject, charged_day is not null as charged, refunded_at is not null as refunded
       from public.generation_requests where generation_id = $1`,
      [first.row.id],
    );
    expect(requests).toEqual(
      expect.arrayContaining([
        { subject: a.identity.subject, charged: true, refunded: true },
        { subject: b.identity.subject, charged: false, refunded: false },
      ]),
    );
    // Asked again after the failure: a new attempt, charged again.
    await requestGeneration(input("refund fox"), b);
    expect(await usageOf(b.identity.subject)).toBe(1);
  });

  it("serves a cache hit free of charge", async () => {
    const who = await caller();
    const first = await requestGeneration(input("free hit fox"), who);
    await markSucceeded(first.row.id, {
      provider: "local",
      model: "flux-schnell",
      keys: { png: "avatars/00/x/original.png", webp: {} },
      seed: 7,
      width: 256,
      height: 256,
      latencyMs: 1,
      costUsd: 0,
    });
    expect(await usageOf(who.identity.subject)).toBe(1);
    const again = await requestGeneration(input("free hit fox"), who);
    expect(again.cache).toBe("HIT");
    expect(await usageOf(who.identity.subject)).toBe(1);
  });

  it("refuses a model or size outside the tier, before charging anything", async () => {
    const who = await caller("free");
    await expect(
      requestGeneration(input("dev fox", { model: "flux-dev" }), who),
    ).rejects.toMatchObject({ code: "model_not_allowed", status: 403 });
    await expect(
      requestGeneration(input("huge fox", { width: 2048, height: 2048 }), who),
    ).rejects.toMatchObject({ code: "size_not_allowed", status: 403 });
    expect(await usageOf(who.identity.subject)).toBe(0);
    const premium = await caller("premium");
    const dev = await requestGeneration(input("dev fox", { model: "flux-dev" }), premium);
    expect(dev.cache).toBe("MISS");
  });

  it("admits several images of one request all together, or none of them", async () => {
    const who = await caller("free"); // 10 a day
    const batch = (name: string, n: number) =>
      Array.from({ length: n }, (_, i) => input(`${name} fox`, { seed: 100 + i }));
    const first = await requestGenerations(batch("batch a", 4), who);
    expect(new Set(first.map((t) => t.row.id)).size).toBe(4);
    expect(await usageOf(who.identity.subject)).toBe(4);
    await requestGenerations(batch("batch b", 4), who);
    expect(await usageOf(who.identity.subject)).toBe(8);

    // 2 left, 4 asked: refused whole, with how many are left, and nothing charged or queued.
    const refused = await requestGenerations(batch("batch c", 4), who).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "quota_exceeded", status: 429 });
    expect((refused as ApiError).message).toContain("needs 4 generations and only 2");
    expect((refused as ApiError).headers["X-RateLimit-Remaining-Day"]).toBe("2");
    expect(await usageOf(who.identity.subject)).toBe(8);
    const [rows] = await query<{ count: number }>(
      "select count(*)::int as count from public.generations where prompt = 'batch c fox'",
    );
    expect(rows!.count).toBe(0);

    // Joining images already in flight costs nothing: 4 in flight + 2 new fit the 2 left.
    const mixed = [...batch("batch a", 4), ...batch("batch d", 2)];
    const joined = await requestGenerations(mixed, who);
    expect(joined.slice(0, 4).map((t) => t.row.id)).toEqual(first.map((t) => t.row.id));
    expect(await usageOf(who.identity.subject)).toBe(10);
  });
});
