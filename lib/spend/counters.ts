import { type Redis, readyRedis } from "@/lib/redis";
import { type BudgetPeriod, periodKey } from "./periods";

/**
 * Spend so far in each budget period, in Redis, in millionths of a dollar (integers: INCRBY is
 * atomic and exact, where floats would drift). The ledger in Postgres (public.provider_calls) is the
 * source of truth: every recorded cost is added here, and the maintenance job sets these from the
 * ledger again (syncSpendCounters), so a lost increment is corrected within a minute. What they buy
 * is a budget check that costs one MGET on the request path.
 */
const MICRO = 1_000_000;
/** Long enough to outlive its period (a month key is read until the month ends). */
const TTL_SECONDS: Record<BudgetPeriod, number> = { month: 40 * 86_400, day: 3 * 86_400 };

export interface SpendScope {
  period: BudgetPeriod;
  /** null: everything; an account id: that account's spend. */
  accountId: string | null;
}

/**
 * The shared client once connected: a process's first spend command (the maintenance job's sync
 * when a worker starts, the admin CLI's) would otherwise meet a fail-fast client still connecting,
 * and fail. Immediate when connected; still fails fast when Redis is down.
 */
const connected = async (client?: Redis): Promise<Redis> => client ?? readyRedis();

/** The scopes a cost counts in: the whole service's month and day, and the account's when it has one. */
function scopesOf(accountId: string | null): SpendScope[] {
  return (["month", "day"] as const).flatMap((period) => [
    { period, accountId: null },
    ...(accountId ? [{ period, accountId }] : []),
  ]);
}

export function counterKey(scope: SpendScope, at = new Date()): string {
  const base = `likeness:spend:${scope.period}:${periodKey(scope.period, at)}`;
  return scope.accountId ? `${base}:account:${scope.accountId}` : base;
}

export function toMicros(usd: number): number {
  return Math.round(usd * MICRO);
}

/** Adds a cost to the global month and day and, when it has one, the account's month and day. */
export async function addSpend(
  usd: number,
  accountId: string | null,
  at = new Date(),
  client?: Redis,
): Promise<void> {
  const micros = toMicros(usd);
  if (micros <= 0) return;
  const scopes = scopesOf(accountId);
  const multi = (await connected(client)).multi();
  for (const scope of scopes) {
    const key = counterKey(scope, at);
    multi.incrby(key, micros).expire(key, TTL_SECONDS[scope.period]);
  }
  await multi.exec();
}

/** Bumped whenever a budget changes, so every process reloads its cached budgets at once. */
export const BUDGETS_VERSION_KEY = "likeness:budgets:version";

export interface SpendSnapshot {
  /** The budgets' version (BUDGETS_VERSION_KEY), or null before any change. */
  budgetsVersion: string | null;
  /** Spend so far, in dollars, in the global and (with an account) the account's scopes. */
  spent: (scope: SpendScope) => number;
}

/**
 * Everything the budget check needs from Redis in one MGET: this month's and today's spend, the
 * account's too, and the budgets' version.
 */
export async function spendSnapshot(
  accountId: string | null,
  at = new Date(),
  client?: Redis,
): Promise<SpendSnapshot> {
  const scopes = scopesOf(accountId);
  const keys = scopes.map((s) => counterKey(s, at));
  const [version, ...values] = await (await connected(client)).mget(BUDGETS_VERSION_KEY, ...keys);
  const byKey = new Map(keys.map((k, i) => [k, values[i] ? Number(values[i]) / MICRO : 0]));
  return {
    budgetsVersion: version ?? null,
    spent: (scope) => byKey.get(counterKey(scope, at)) ?? 0,
  };
}

/** Marks the budgets changed (after a write to the budgets table). */
export async function bumpBudgetsVersion(client?: Redis): Promise<void> {
  await (await connected(client)).incr(BUDGETS_VERSION_KEY);
}

/** Spend so far, in dollars, of each scope (0 for a scope nothing was spent in). */
export async function readSpend(
  scopes: readonly SpendScope[],
  at = new Date(),
  client?: Redis,
): Promise<number[]> {
  if (scopes.length === 0) return [];
  const values = await (await connected(client)).mget(scopes.map((s) => counterKey(s, at)));
  return values.map((v) => (v === null ? 0 : Number(v) / MICRO));
}

/** Sets one scope's counter to the ledger's figure (the maintenance job). */
export async function setSpend(
  scope: SpendScope,
  usd: number,
  at = new Date(),
  client?: Redis,
): Promise<void> {
  await (
    await connected(client)
  ).set(counterKey(scope, at), toMicros(usd), "EX", TTL_SECONDS[scope.period]);
}
