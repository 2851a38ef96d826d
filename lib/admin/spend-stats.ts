import { query } from "@/lib/db";
import { type BudgetAlert, currentBudgetAlerts } from "@/lib/spend/alerts";
import { budgets } from "@/lib/spend/budgets";
import { nextPeriodStart, periodStart } from "@/lib/spend/periods";

/** The admin page's spend figures, all from the ledger through public.spend_totals. */

export interface SpendThisMonth {
  /** `2026-12`. */
  month: string;
  /** Providers that cost anything this month, most expensive first. */
  providers: string[];
  /** Every day of the month so far, oldest first: spend by provider, and the month's running total. */
  days: { day: string; byProvider: Record<string, number>; cumulative: number }[];
  totalUsd: number;
  /** The global monthly budget and its hard cap, if there is one. */
  budget: { limitUsd: number; hardCapUsd: number } | null;
}

export async function spendThisMonth(now: Date): Promise<SpendThisMonth> {
  const start = periodStart("month", now);
  const rows = await query<{ day: string; provider: string; cost: string }>(
    `select to_char(period_start, 'YYYY-MM-DD') as day, provider, sum(cost_usd) as cost
     from public.spend_totals('day', $1::date, $2) group by 1, 2 order by 1`,
    [start, nextPeriodStart("month", now)],
  );
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.provider, (totals.get(r.provider) ?? 0) + Number(r.cost));
  const providers = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([p]) => p);
  let cumulative = 0;
  const days = Array.from({ length: now.getUTCDate() }, (_, i) => {
    const day = `${start.slice(0, 8)}${String(i + 1).padStart(2, "0")}`;
    const byProvider: Record<string, number> = {};
    for (const r of rows.filter((row) => row.day === day)) byProvider[r.provider] = Number(r.cost);
    cumulative += Object.values(byProvider).reduce((a, b) => a + b, 0);
    return { day, byProvider, cumulative };
  });
  const monthly = (await budgets()).find((b) => b.scope === "global" && b.period === "month");
  return {
    month: start.slice(0, 7),
    providers,
    days,
    totalUsd: cumulative,
    budget: monthly ? { limitUsd: monthly.limitUsd, hardCapUsd: monthly.hardCapUsd } : null,
  };
}

export interface TopAccount {
  accountId: string;
  email: string | null;
  tier: string;
  calls: number;
  costUsd: number;
}

/** The accounts that cost the most today (UTC), with their share of provider calls. */
export async function topAccountsToday(now: Date, limit = 10): Promise<TopAccount[]> {
  const rows = await query<{
    account_id: string;
    email: string | null;
    tier: string;
    calls: number;
    cost: string;
  }>(
    `select t.account_id, p.email, coalesce(p.tier_id, max(t.tier)) as tier,
            sum(t.calls)::int as calls, sum(t.cost_usd) as cost
     from public.spend_totals('day', $1::date, $2) t
     left join public.profiles p on p.id = t.account_id
     where t.account_id is not null
     group by t.account_id, p.email, p.tier_id
     order by sum(t.cost_usd) desc, t.account_id
     limit $3`,
    [periodStart("day", now), nextPeriodStart("day", now), limit],
  );
  return rows.map((r) => ({
    accountId: r.account_id,
    email: r.email,
    tier: r.tier,
    calls: r.calls,
    costUsd: Number(r.cost),
  }));
}

/** Budget alerts of the periods running now: the banner at the top of the admin page. */
export function budgetAlertsNow(now: Date): Promise<BudgetAlert[]> {
  return currentBudgetAlerts(now);
}
