import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import type { Identity, TierId } from "@/lib/auth/types";
import { closeDb, query } from "@/lib/db";
import { closeRedis, readyRedis } from "@/lib/redis";
import { ALERT_THRESHOLDS, currentBudgetAlerts, fireBudgetAlerts } from "./alerts";
import { setBudget } from "./budgets";
import { addSpend, bumpBudgetsVersion, counterKey } from "./counters";
import { checkBudget } from "./guard";

const AT = new Date("2026-12-04T12:00:00Z");

const who = (tier: TierId, userId: string | null = null): Identity => ({
  kind: userId ? "user" : "anonymous",
  subject: userId ? `user:${userId}` : `anon:${randomUUID()}`,
  tier,
  userId,
  email: null,
  apiKeyId: null,
  apiKeyDailyLimit: null,
  ip: null,
  overrides: {},
});

async function newAccount(): Promise<string> {
  const [user] = await query<{ id: string }>(
    "insert into auth.users (email) values ($1) returning id",
    [`budget-${randomUUID()}@spend.test`],
  );
  return user!.id;
}

async function resetSpend(): Promise<void> {
  const redis = await readyRedis();
  const keys = await redis.keys("likeness:spend:*");
  if (keys.length) await redis.del(...keys);
  await query("delete from public.budget_alerts");
  await query("delete from public.budgets where scope = 'account' or period = 'day'");
}

async function outcome(identity: Identity): Promise<string> {
  try {
    const decision = await checkBudget(identity, AT);
    return decision.generator ?? "providers";
  } catch (error) {
    if (error instanceof ApiError) return `${error.status} ${error.code}`;
    throw error;
  }
}

beforeEach(async () => {
  await resetSpend();
  await setBudget({ accountId: null, period: "month", limitUsd: 1, hardCapUsd: 1.2 });
});
afterAll(async () => {
  await setBudget({ accountId: null, period: "month", limitUsd: 500, hardCapUsd: null });
  await resetSpend();
  await closeRedis();
  await closeDb();
});

describe("the budget guard", () => {
  it.each([
    [0.5, "anonymous", "providers"],
    [0.5, "free", "providers"],
    [0.5, "enterprise", "providers"],
    [1.0, "anonymous", "local"],
    [1.0, "free", "local"],
    [1.0, "premium", "providers"],
    [1.0, "enterprise", "providers"],
    [1.2, "free", "local"],
    [1.2, "premium", "503 budget_exhausted"],
    [1.2, "enterprise", "503 budget_exhausted"],
  ] as const)("at $%s of $1 a month, %s gets %s", async (spent, tier, expected) => {
    await addSpend(spent, null, AT);
    expect(await outcome(who(tier))).toBe(expected);
  });

  it("refuses an account past its own budget with 402 and Retry-After at its next period", async () => {
    const account = await newAccount();
    await setBudget({ accountId: account, period: "day", limitUsd: 0.1 });
    await addSpend(0.1, account, AT);
    const error = (await checkBudget(who("enterprise", account), AT).catch((e) => e)) as ApiError;
    expect(error.code).toBe("account_budget_exhausted");
    expect(error.status).toBe(402);
    expect(error.headers?.["Retry-After"]).toBe(String(12 * 3600));
    // Other accounts are not held to it.
    expect(await outcome(who("enterprise", await newAccount()))).toBe("providers");
  });

  it("counts a daily global budget beside the monthly one", async () => {
    await setBudget({ accountId: null, period: "day", limitUsd: 0.2 });
    await addSpend(0.25, null, AT);
    expect(await outcome(who("free"))).toBe("local");
    expect(await outcome(who("premium"))).toBe("503 budget_exhausted");
  });

  it("lets requests through when the spend counters are unreachable", async () => {
    const redis = await readyRedis();
    await redis.set(counterKey({ period: "month", accountId: null }, AT), "2000000");
    expect(await outcome(who("premium"))).toBe("503 budget_exhausted");
    const mget = redis.mget.bind(redis);
    redis.mget = (() => Promise.reject(new Error("Connection is closed."))) as never;
    try {
      expect(await outcome(who("premium"))).toBe("providers");
    } finally {
      redis.mget = mget;
    }
  });
});

describe("budget changes", () => {
  it("are in force on the next request of every process, not after the cache's lifetime", async () => {
    await addSpend(0.5, null, AT);
    expect(await outcome(who("free"))).toBe("providers");
    // As another process (the admin CLI) changes it: the table, then the version.
    await query(
      "update public.budgets set limit_usd = 0.4, hard_cap_usd = 0.45 where scope = 'global' and period = 'month'",
    );
    expect(await outcome(who("free"))).toBe("providers"); // this process's cache, until…
    await bumpBudgetsVersion(await readyRedis());
    expect(await outcome(who("free"))).toBe("local");
    expect(await outcome(who("premium"))).toBe("503 budget_exhausted");
  });
});

describe("budget alerts", () => {
  it("fire at 50, 80 and 100%, each once per period, however many workers ask", async () => {
    await addSpend(0.55, null, AT);
    const first = await fireBudgetAlerts(AT);
    expect(first.map((a) => a.threshold)).toEqual([50]);
    await addSpend(0.5, null, AT);
    const racing = await Promise.all([fireBudgetAlerts(AT), fireBudgetAlerts(AT)]);
    expect(
      racing
        .flat()
        .map((a) => a.threshold)
        .sort((a, b) => a - b),
    ).toEqual([80, 100]);
    expect((await fireBudgetAlerts(AT)).length).toBe(0);
    const current = await currentBudgetAlerts(AT);
    expect(current.map((a) => a.threshold)).toEqual([...ALERT_THRESHOLDS].reverse());
  });

  it("fire afresh for a budget changed mid-period, and the banner shows the limit in force", async () => {
    await setBudget({ accountId: null, period: "month", limitUsd: 0.9 });
    await addSpend(1.05, null, AT);
    expect((await fireBudgetAlerts(AT)).map((a) => a.threshold)).toEqual([50, 80, 100]);
    // Raised to $2: $1.05 is past 50% of it, and nothing else; the old alerts leave the banner.
    await setBudget({ accountId: null, period: "month", limitUsd: 2 });
    expect(await currentBudgetAlerts(AT)).toEqual([]);
    const raised = await fireBudgetAlerts(AT);
    expect(raised.map((a) => [a.threshold, a.limitUsd])).toEqual([[50, 2]]);
    expect((await currentBudgetAlerts(AT)).map((a) => a.threshold)).toEqual([50]);
    expect(await fireBudgetAlerts(AT)).toEqual([]);
  });
});
