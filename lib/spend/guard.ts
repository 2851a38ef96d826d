import { ApiError } from "@/lib/api/errors";
import type { Identity } from "@/lib/auth/types";
import { logger } from "@/lib/observability/log";
import { recordRejection } from "@/lib/observability/metrics";
import { type Budget, budgets } from "./budgets";
import { type SpendSnapshot, spendSnapshot } from "./counters";
import { type BudgetPeriod, nextPeriodStart } from "./periods";

const log = logger("spend");

/** What the budget allows a request that needs a generation. */
export interface BudgetDecision {
  /**
   * `local`: the global budget is spent, so this anonymous or free request is made by the built-in
   * generator, which costs nothing, instead of a paid provider.
   */
  generator?: "local";
}

/** Tiers that keep the paid providers past the budget, until the hard cap. */
const PAYING_TIERS = new Set(["premium", "enterprise"]);

/**
 * The budget check of a request that missed the cache (lib/generations/pipeline.ts), before anything
 * is charged: one cached read of the budgets and one MGET of the spend counters.
 * - An account past its own budget: 402 account_budget_exhausted until its next period.
 * - Past a global budget: anonymous and free requests get the local generator; premium and
 *   enterprise go on to the providers until the hard cap, then 503 budget_exhausted.
 * Redis or the database being unreachable lets the request through (logged): a budget is a brake
 * on spend, not a reason to turn away every customer during a blip; the queue fails fast anyway.
 */
export async function checkBudget(identity: Identity, at = new Date()): Promise<BudgetDecision> {
  const read = await budgetsAndSpend(identity.userId, at);
  if (!read) return {};
  const { relevant, snapshot } = read;
  let decision: BudgetDecision = {};
  for (const budget of relevant) {
    const used = snapshot.spent({ period: budget.period, accountId: budget.accountId });
    if (budget.scope === "account") {
      if (used >= budget.limitUsd) {
        recordRejection("budget", identity.tier);
        throw accountBudgetExhausted(budget, used, at);
      }
      continue;
    }
    if (used < budget.limitUsd) continue;
    if (!PAYING_TIERS.has(identity.tier)) decision = { generator: "local" };
    else if (used >= budget.hardCapUsd) {
      recordRejection("budget", identity.tier);
      throw budgetExhausted(budget.period, at);
    }
  }
  return decision;
}

/**
 * The gallery's batch work (made by the operator, not asked for by anyone) is held to the global
 * budgets like a free request: past 100% of one it is made by the built-in generator. Read when a
 * batch job starts, so a seed of thousands stops paying the moment the budget is reached.
 */
export async function checkBatchBudget(at = new Date()): Promise<BudgetDecision> {
  const read = await budgetsAndSpend(null, at);
  const spent = read?.relevant.some(
    (b) => read.snapshot.spent({ period: b.period, accountId: null }) >= b.limitUsd,
  );
  return spent ? { generator: "local" } : {};
}

/** The budgets that apply to an account (or to no one: the global ones) and the spend against them. */
async function budgetsAndSpend(
  accountId: string | null,
  at: Date,
): Promise<{ relevant: Budget[]; snapshot: SpendSnapshot } | undefined> {
  try {
    const snapshot = await spendSnapshot(accountId, at);
    const relevant = (await budgets(snapshot.budgetsVersion)).filter(
      (b) => b.scope === "global" || (accountId !== null && b.accountId === accountId),
    );
    return { relevant, snapshot };
  } catch (error) {
    log.warn({ err: (error as Error).message }, "budget check skipped: spend unavailable");
    return undefined;
  }
}

function retryAfter(period: BudgetPeriod, at: Date): { seconds: number; resetsAt: Date } {
  const resetsAt = nextPeriodStart(period, at);
  return { seconds: Math.max(1, Math.ceil((resetsAt.getTime() - at.getTime()) / 1000)), resetsAt };
}

function budgetExhausted(period: BudgetPeriod, at: Date): ApiError {
  const { seconds, resetsAt } = retryAfter(period, at);
  return new ApiError(
    "budget_exhausted",
    `Likeness has reached its image spending cap for this ${period}. New images resume at ${resetsAt.toISOString()}; images already made and the gallery stay available.`,
    {
      headers: { "Retry-After": String(seconds) },
      details: { period, resets_at: resetsAt.toISOString() },
    },
  );
}

function accountBudgetExhausted(budget: Budget, used: number, at: Date): ApiError {
  const { seconds, resetsAt } = retryAfter(budget.period, at);
  return new ApiError(
    "account_budget_exhausted",
    `This account has spent its ${budget.period}ly budget of $${budget.limitUsd.toFixed(2)} ($${used.toFixed(2)} so far). It resets at ${resetsAt.toISOString()}; contact us to raise it.`,
    {
      headers: { "Retry-After": String(seconds) },
      details: {
        period: budget.period,
        limit_usd: budget.limitUsd,
        spent_usd: Number(used.toFixed(4)),
        resets_at: resetsAt.toISOString(),
      },
    },
  );
}
