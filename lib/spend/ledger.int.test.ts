import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { limitsFor } from "@/lib/auth/tiers";
import { type Identity, subjectFor } from "@/lib/auth/types";
import { closeDb, query } from "@/lib/db";
import { generationInputSchema } from "@/lib/generations/input-schema";
import { recordCallEvent } from "@/lib/generations/provider-calls";
import { requestGeneration } from "@/lib/generations/service";
import type { CallEvent, CallOutcome } from "@/lib/providers/calls";
import { closeQueues, queue } from "@/lib/queue/queues";
import { closeRedis, readyRedis } from "@/lib/redis";
import { currentBudgetAlerts } from "./alerts";
import { setBudget } from "./budgets";
import { counterKey, spendSnapshot } from "./counters";
import { syncSpendAndAlert } from "./record";
import { syncSpendCounters } from "./sync";

afterAll(async () => {
  await queue("generations").obliterate({ force: true });
  await closeQueues();
  await closeRedis();
  await closeDb();
});

beforeEach(async () => {
  const redis = await readyRedis();
  const keys = await redis.keys("likeness:spend:*");
  if (keys.length) await redis.del(...keys);
});

async function premiumCaller() {
  const [user] = await query<{ id: string }>(
    "insert into auth.users (email) values ($1) returning id",
    [`ledger-${randomUUID()}@spend.test`],
  );
  await query("update public.profiles set tier_id = 'premium' where id = $1", [user!.id]);
  const identity: Identity = {
    kind: "user",
    subject: subjectFor.user(user!.id),
    tier: "premium",
    userId: user!.id,
    email: null,
    apiKeyId: null,
    apiKeyDailyLimit: null,
    ip: null,
    overrides: {},
  };
  return { identity, limits: await limitsFor("premium") };
}

function ended(
  call: Partial<CallEvent> & Pick<CallEvent, "provider" | "model">,
  outcome: CallOutcome,
  at = new Date(),
): CallEvent {
  return {
    id: randomUUID(),
    requestId: randomUUID(),
    width: 1024,
    height: 1024,
    submittedAt: new Date(at.getTime() - 2_000),
    ...call,
    phase: "ended",
    endedAt: at,
    outcome,
    latencyMs: 2_000,
    ...(outcome === "succeeded"
      ? { output: { url: "https://cdn.example/x.png", seed: 1, width: 1024, height: 1024 } }
      : { error: "HTTP 500" }),
  } as CallEvent;
}

describe("the spend ledger", () => {
  it("prices each succeeded call from the price list, books it to the account and tier that asked, and counts it once", async () => {
    const caller = await premiumCaller();
    const ticket = await requestGeneration(
      generationInputSchema.parse({ prompt: `ledger fox ${randomUUID()}`, seed: 1 }),
      caller,
    );
    const owner = { generationId: ticket.row.id };
    const falFailed = ended({ provider: "fal", model: "flux-schnell" }, "failed");
    const viaReplicate = ended({ provider: "replicate", model: "flux-schnell" }, "succeeded");
    expect(await recordCallEvent(falFailed, owner)).toMatchObject({
      costUsd: null,
      endedNow: true,
    });
    expect(await recordCallEvent(viaReplicate, owner)).toEqual({
      costUsd: 0.003,
      accountId: caller.identity.userId,
      endedNow: true,
    });
    // A write retried after an outage changes nothing and is not counted again.
    expect(await recordCallEvent(viaReplicate, owner)).toMatchObject({ endedNow: false });

    const rows = await query<{ provider: string; cost_usd: string | null; tier: string }>(
      "select provider, cost_usd, tier from public.provider_calls where generation_id = $1 order by provider",
      [ticket.row.id],
    );
    expect(rows).toEqual([
      { provider: "fal", cost_usd: null, tier: "premium" },
      { provider: "replicate", cost_usd: "0.00300", tier: "premium" },
    ]);
  });

  it.each([
    ["fal", "flux-schnell", 1024, 1024, 0.003],
    ["fal", "flux-schnell", 1280, 1024, 0.006], // two started megapixels
    ["fal", "flux-dev", 512, 512, 0.025],
    ["replicate", "flux-dev", 2048, 2048, 0.025], // per image
  ] as const)("prices %s %s at %i×%i as $%s", async (provider, model, width, height, usd) => {
    const call = ended({ provider, model, width, height }, "succeeded");
    const withOutput = {
      ...call,
      output: { url: "https://cdn.example/y.png", seed: 1, width, height },
    } as CallEvent;
    expect((await recordCallEvent(withOutput, { galleryIndex: 1 })).costUsd).toBe(usd);
  });

  it("follows a price change made as data, for calls submitted after it only", async () => {
    const before = ended({ provider: "fal", model: "flux-dev" }, "succeeded");
    await query(
      `insert into public.provider_prices (provider, model, unit, usd_per_unit, effective_from, source)
       values ('fal', 'flux-dev', 'megapixel', 0.03, now(), 'test: a price rise')`,
    );
    try {
      const after = ended(
        { provider: "fal", model: "flux-dev" },
        "succeeded",
        new Date(Date.now() + 5_000),
      );
      expect((await recordCallEvent(before, { galleryIndex: 2 })).costUsd).toBe(0.025);
      expect((await recordCallEvent(after, { galleryIndex: 2 })).costUsd).toBe(0.03);
    } finally {
      await query("delete from public.provider_prices where source = 'test: a price rise'");
    }
  });

  it("totals per day and month by provider, model, tier and account in SQL, and sets the budget counters from them", async () => {
    const caller = await premiumCaller();
    const ticket = await requestGeneration(
      generationInputSchema.parse({ prompt: `totals fox ${randomUUID()}`, seed: 2 }),
      caller,
    );
    for (const provider of ["fal", "fal", "replicate"] as const) {
      await recordCallEvent(ended({ provider, model: "flux-schnell" }, "succeeded"), {
        generationId: ticket.row.id,
      });
    }
    const mine = await query<{ provider: string; calls: number; cost_usd: string }>(
      `select provider, calls, cost_usd from public.spend_totals('day', now() - interval '1 day', now() + interval '1 day')
       where account_id = $1 order by provider`,
      [caller.identity.userId],
    );
    expect(mine).toEqual([
      { provider: "fal", calls: 2, cost_usd: "0.00600" },
      { provider: "replicate", calls: 1, cost_usd: "0.00300" },
    ]);

    await syncSpendCounters();
    const [all] = await query<{ cost: string }>(
      `select sum(cost_usd) as cost from public.spend_totals('month', date_trunc('month', now()), now() + interval '1 day')`,
    );
    const snapshot = await spendSnapshot(caller.identity.userId);
    expect(snapshot.spent({ period: "day", accountId: caller.identity.userId })).toBeCloseTo(
      0.009,
      6,
    );
    expect(snapshot.spent({ period: "month", accountId: null })).toBeCloseTo(Number(all!.cost), 6);
  });

  it("alerts from the minute's sync too, for a budget lowered below the spend so far", async () => {
    await recordCallEvent(ended({ provider: "fal", model: "flux-dev" }, "succeeded"), {
      galleryIndex: 3,
    });
    // Only the global monthly budget: other files' account and daily budgets (and their alerts) go.
    await query("delete from public.budgets where scope = 'account' or period = 'day'");
    await query("delete from public.budget_alerts");
    try {
      // A limit no earlier test used, so its alerts are new; no paid call follows the change.
      await setBudget({ accountId: null, period: "month", limitUsd: 0.0123 });
      expect(await currentBudgetAlerts()).toEqual([]);
      await syncSpendAndAlert();
      expect((await currentBudgetAlerts()).map((a) => a.threshold)).toEqual([100, 80, 50]);
    } finally {
      await setBudget({ accountId: null, period: "month", limitUsd: 500 });
    }
  });

  it("sets the counters as a fresh process's first Redis command (a worker's sync at start)", async () => {
    const redis = await readyRedis();
    const key = counterKey({ period: "month", accountId: null });
    await redis.set(key, "123");
    const child = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `import { syncSpendCounters } from "./lib/spend/sync.ts";
         import { closeDb } from "./lib/db/index.ts";
         import { closeRedis } from "./lib/redis/index.ts";
         await syncSpendCounters();
         await Promise.all([closeDb(), closeRedis()]);`,
      ],
      { env: process.env, encoding: "utf8", timeout: 30_000 },
    );
    expect(child.status, child.stderr).toBe(0);
    expect(await redis.get(key)).not.toBe("123");
  });
});
