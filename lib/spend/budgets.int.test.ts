import { afterAll, expect, it, vi } from "vitest";
import { closeDb, query } from "@/lib/db";
import { closeRedis } from "@/lib/redis";

afterAll(async () => {
  delete process.env.BUDGET_MONTHLY_USD;
  const { setBudget } = await import("./budgets");
  await setBudget({ accountId: null, period: "month", limitUsd: 500 });
  await closeRedis();
  await closeDb();
});

const monthly = async () =>
  (
    await query<{ limit_usd: string }>(
      "select limit_usd from public.budgets where scope = 'global' and period = 'month'",
    )
  )[0]?.limit_usd;

it("applies the environment's budget once per process, not once per copy of the module", async () => {
  delete (globalThis as { likenessConfiguredBudgets?: unknown }).likenessConfiguredBudgets;
  process.env.BUDGET_MONTHLY_USD = "321";
  vi.resetModules();
  const first = await import("./budgets");
  await first.budgets();
  expect(await monthly()).toBe("321.0000");
  // An operator changes it while the process runs...
  await first.setBudget({ accountId: null, period: "month", limitUsd: 123 });
  // ...and another route bundle's copy of the module is used for the first time.
  vi.resetModules();
  const second = await import("./budgets");
  const seen = await second.budgets();
  expect(seen.find((b) => b.scope === "global" && b.period === "month")?.limitUsd).toBe(123);
  expect(await monthly()).toBe("123.0000");
});
