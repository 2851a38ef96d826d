import { query } from "@/lib/db";
import type { PgRow } from "@/lib/db/database.types";
import { env } from "@/lib/env";
import { logger } from "@/lib/observability/log";
import { readyRedis } from "@/lib/redis";
import { bumpBudgetsVersion } from "./counters";
import type { BudgetPeriod } from "./periods";

const log = logger("spend");

/** A budget as the guard and the alerts use it. */
export interface Budget {
  id: string;
  scope: "global" | "account";
  accountId: string | null;
  period: BudgetPeriod;
  limitUsd: number;
  /** Global budgets: past this premium and enterprise are refused too (120% of the limit unless set). */
  hardCapUsd: number;
}

/** The default hard cap, as a multiple of the budget. */
export const HARD_CAP_FACTOR = 1.2;

/** Budgets change rarely (an operator, the admin CLI): each process re-reads them this often. */
const TTL_MS = 30_000;
let cache: { at: number; budgets: Promise<Budget[]>; version: string | null } | null = null;

type BudgetRow = Pick<PgRow<"budgets">, "id" | "account_id" | "limit_usd" | "hard_cap_usd"> & {
  scope: Budget["scope"];
  period: BudgetPeriod;
};

function toBudget(row: BudgetRow): Budget {
  const limitUsd = Number(row.limit_usd);
  return {
    id: row.id,
    scope: row.scope,
    accountId: row.account_id,
    period: row.period,
    limitUsd,
    hardCapUsd: row.hard_cap_usd === null ? limitUsd * HARD_CAP_FACTOR : Number(row.hard_cap_usd),
  };
}

/**
 * Makes the global budgets follow the environment: BUDGET_MONTHLY_USD (and BUDGET_HARD_CAP_USD)
 * set the monthly one, BUDGET_DAILY_USD adds or sets a daily one. Unset, the table stands (the
 * migration seeds a $500 month), so an operator's UPDATE is not undone by a restart.
 */
export async function syncConfiguredBudgets(): Promise<void> {
  const { monthlyUsd, dailyUsd, hardCapUsd } = env().budget;
  const upsert = (period: BudgetPeriod, limit: number, cap: number | null) =>
    query(
      `insert into public.budgets (scope, period, limit_usd, hard_cap_usd) values ('global', $1, $2, $3)
       on conflict (period) where scope = 'global'
       do update set limit_usd = excluded.limit_usd, hard_cap_usd = excluded.hard_cap_usd, updated_at = now()
       where (budgets.limit_usd, budgets.hard_cap_usd) is distinct from (excluded.limit_usd, excluded.hard_cap_usd)
       returning id`,
      [period, limit, cap],
    );
  const written = [
    ...(monthlyUsd !== undefined ? await upsert("month", monthlyUsd, hardCapUsd ?? null) : []),
    ...(dailyUsd !== undefined ? await upsert("day", dailyUsd, null) : []),
  ];
  if (written.length > 0) await bumpBudgetsVersion().catch(() => undefined);
}

async function load(): Promise<Budget[]> {
  const rows = await query<BudgetRow>(
    "select id, scope, account_id, period, limit_usd, hard_cap_usd from public.budgets",
  );
  return rows.map(toBudget);
}

/**
 * Every budget, cached briefly; the first call of a process applies the environment's. A `version`
 * (from the spend snapshot) other than the cached one reloads at once: a budget set with the admin
 * CLI is in force on the next request, not after the cache's lifetime.
 */
export function budgets(version?: string | null): Promise<Budget[]> {
  const stale = version !== undefined && cache !== null && version !== cache.version;
  if (!cache || stale || Date.now() - cache.at > TTL_MS) {
    const pending = (cache === null ? syncOnce() : Promise.resolve()).then(load);
    cache = { at: Date.now(), budgets: pending, version: version ?? null };
    pending.catch(() => {
      if (cache?.budgets === pending) cache = null;
    });
  }
  return cache.budgets;
}

/**
 * The environment's budgets, applied once per process. On globalThis, not in this module: Next gives
 * each route bundle its own copy of the module, and a copy applying them on its first use (say, the
 * admin page's first view) would undo an operator's `budget:set` made since the process started.
 */
const perProcess = globalThis as typeof globalThis & { likenessConfiguredBudgets?: Promise<void> };
function syncOnce(): Promise<void> {
  perProcess.likenessConfiguredBudgets ??= syncConfiguredBudgets().catch((error: unknown) => {
    perProcess.likenessConfiguredBudgets = undefined;
    throw error;
  });
  return perProcess.likenessConfiguredBudgets;
}

/**
 * Tells every process a budget changed. Through a connected client: the admin CLI's first Redis
 * command would otherwise meet a fail-fast client still connecting, and be dropped. If Redis is down
 * the change is still in force everywhere within the cache's lifetime.
 */
async function changed(): Promise<void> {
  forgetBudgets();
  try {
    await bumpBudgetsVersion(await readyRedis(5_000));
  } catch (error) {
    log.warn(
      { err: (error as Error).message },
      `budget changed, but not announced: in force within ${TTL_MS / 1000} s`,
    );
  }
}

/** Forget the cached budgets (tests, the admin CLI after a change). */
export function forgetBudgets(): void {
  cache = null;
}

/**
 * Sets (or with `limitUsd` null removes) a budget: the global one of a period, or an account's. The
 * global monthly budget is overwritten again by BUDGET_MONTHLY_USD at the next start when that is
 * set. Returns the budget as it now is, or null when it was removed.
 */
export async function setBudget(args: {
  accountId: string | null;
  period: BudgetPeriod;
  limitUsd: number | null;
  hardCapUsd?: number | null;
}): Promise<Budget | null> {
  const scope = args.accountId ? "account" : "global";
  const target = args.accountId
    ? "account_id = $2 and scope = 'account'"
    : "$2::uuid is null and scope = 'global'";
  if (args.limitUsd === null) {
    await query(`delete from public.budgets where period = $1 and ${target}`, [
      args.period,
      args.accountId,
    ]);
    await changed();
    return null;
  }
  const conflict = args.accountId
    ? "(account_id, period) where scope = 'account'"
    : "(period) where scope = 'global'";
  const [row] = await query<BudgetRow>(
    `insert into public.budgets (scope, account_id, period, limit_usd, hard_cap_usd)
     values ($1, $2, $3, $4, $5)
     on conflict ${conflict}
     do update set limit_usd = excluded.limit_usd, hard_cap_usd = excluded.hard_cap_usd, updated_at = now()
     returning id, scope, account_id, period, limit_usd, hard_cap_usd`,
    [scope, args.accountId, args.period, args.limitUsd, args.hardCapUsd ?? null],
  );
  await changed();
  return toBudget(row!);
}
