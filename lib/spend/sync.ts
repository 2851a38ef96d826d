import { query } from "@/lib/db";
import { setSpend } from "./counters";
import { type BudgetPeriod, nextPeriodStart, periodStart } from "./periods";

/**
 * Puts the budget counters in Redis back in step with the ledger (public.spend_totals over
 * provider_calls), for this month and today: the whole service's and each account's that spent. The
 * request path counts each cost as it is recorded; this corrects what that missed (Redis was down,
 * or lost its data). A cost counted in the instant between this read and its write is counted twice
 * until the next run, which errs on the side of the budget.
 */
export async function syncSpendCounters(at = new Date()): Promise<void> {
  for (const period of ["month", "day"] as const satisfies readonly BudgetPeriod[]) {
    const rows = await query<{ account_id: string | null; total: boolean; cost: string }>(
      `select account_id, grouping(account_id) = 1 as total, sum(cost_usd) as cost
       from public.spend_totals($1, $2::date, $3)
       group by rollup (account_id)`,
      [period, periodStart(period, at), nextPeriodStart(period, at)],
    );
    const grand = rows.find((r) => r.total);
    await setSpend({ period, accountId: null }, Number(grand?.cost ?? 0), at);
    for (const row of rows) {
      if (row.total || row.account_id === null) continue;
      await setSpend({ period, accountId: row.account_id }, Number(row.cost), at);
    }
  }
}
