/** Budget periods are UTC calendar months and days. */
export type BudgetPeriod = "month" | "day";

/** The period's key: `2026-12` for a month, `2026-12-04` for a day. */
export function periodKey(period: BudgetPeriod, at = new Date()): string {
  return at.toISOString().slice(0, period === "month" ? 7 : 10);
}

/** The first day of the period, as a Postgres `date` (YYYY-MM-DD). */
export function periodStart(period: BudgetPeriod, at = new Date()): string {
  return period === "month" ? `${periodKey("month", at)}-01` : periodKey("day", at);
}

/** When the next period starts: what a refusal's Retry-After counts down to. */
export function nextPeriodStart(period: BudgetPeriod, at = new Date()): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  return period === "month"
    ? new Date(Date.UTC(y, m + 1, 1))
    : new Date(Date.UTC(y, m, at.getUTCDate() + 1));
}
