import { query } from "@/lib/db";
import { logger } from "@/lib/observability/log";
import { type Budget, budgets } from "./budgets";
import { readSpend } from "./counters";
import { periodStart } from "./periods";

const log = logger("spend");

/** Percent of a budget at which an alert fires, once per budget, period and limit. */
export const ALERT_THRESHOLDS = [50, 80, 100] as const;

export interface BudgetAlert {
  id: string;
  budgetId: string;
  scope: Budget["scope"];
  accountId: string | null;
  period: Budget["period"];
  periodStart: string;
  threshold: number;
  spentUsd: number;
  limitUsd: number;
  firedAt: Date;
}

/** Thresholds this process already saw fire, so spend past them costs no further insert. */
const fired = new Set<string>();

/**
 * Fires the alerts of every threshold a budget's spend has reached this period and that has not
 * fired yet for its current limit: one insert each, and the unique (budget, period, threshold,
 * limit) makes several workers racing for the same one fire it once. A budget changed mid-period is
 * alerted on afresh. Returns the ones this call fired (to log and send).
 */
export async function fireBudgetAlerts(at = new Date()): Promise<BudgetAlert[]> {
  const all = await budgets();
  const spent = await readSpend(
    all.map((b) => ({ period: b.period, accountId: b.accountId })),
    at,
  );
  const firedNow: BudgetAlert[] = [];
  for (const [i, budget] of all.entries()) {
    const used = spent[i]!;
    const start = periodStart(budget.period, at);
    for (const threshold of ALERT_THRESHOLDS) {
      const key = `${budget.id}:${start}:${threshold}:${budget.limitUsd}`;
      if (fired.has(key) || budget.limitUsd <= 0 || used < (budget.limitUsd * threshold) / 100) {
        continue;
      }
      const [row] = await query<{ id: string; fired_at: Date }>(
        `insert into public.budget_alerts (budget_id, period_start, threshold, spent_usd, limit_usd)
         values ($1, $2, $3, $4, $5) on conflict on constraint budget_alerts_once do nothing
         returning id, fired_at`,
        [budget.id, start, threshold, used, budget.limitUsd],
      );
      fired.add(key);
      if (!row) continue;
      const alert: BudgetAlert = {
        id: row.id,
        budgetId: budget.id,
        scope: budget.scope,
        accountId: budget.accountId,
        period: budget.period,
        periodStart: start,
        threshold,
        spentUsd: used,
        limitUsd: budget.limitUsd,
        firedAt: row.fired_at,
      };
      log.warn(
        { alert: { ...alert, firedAt: undefined } },
        `budget alert: ${budget.scope} ${budget.period} budget ${threshold}% reached ($${used.toFixed(2)} of $${budget.limitUsd.toFixed(2)})`,
      );
      firedNow.push(alert);
    }
  }
  return firedNow;
}

type AlertRow = {
  id: string;
  budget_id: string;
  scope: Budget["scope"];
  account_id: string | null;
  period: Budget["period"];
  period_start: string;
  threshold: number;
  spent_usd: string;
  limit_usd: string;
  fired_at: Date;
};

const ALERT_COLUMNS = `a.id, a.budget_id, b.scope, b.account_id, b.period, to_char(a.period_start, 'YYYY-MM-DD') as period_start,
  a.threshold, a.spent_usd, a.limit_usd, a.fired_at`;

function toAlert(row: AlertRow): BudgetAlert {
  return {
    id: row.id,
    budgetId: row.budget_id,
    scope: row.scope,
    accountId: row.account_id,
    period: row.period,
    periodStart: row.period_start,
    threshold: row.threshold,
    spentUsd: Number(row.spent_usd),
    limitUsd: Number(row.limit_usd),
    firedAt: row.fired_at,
  };
}

export async function getBudgetAlert(id: string): Promise<BudgetAlert | null> {
  const rows = await query<AlertRow>(
    `select ${ALERT_COLUMNS} from public.budget_alerts a join public.budgets b on b.id = a.budget_id
     where a.id = $1`,
    [id],
  );
  return rows[0] ? toAlert(rows[0]) : null;
}

/**
 * Alerts of the periods running now for the limits in force (the admin page's banner), highest
 * threshold first.
 */
export async function currentBudgetAlerts(at = new Date()): Promise<BudgetAlert[]> {
  const rows = await query<AlertRow>(
    `select ${ALERT_COLUMNS} from public.budget_alerts a join public.budgets b on b.id = a.budget_id
     where a.period_start = case b.period when 'month' then $1::date else $2::date end
       and a.limit_usd = b.limit_usd
     order by a.threshold desc, a.fired_at desc`,
    [periodStart("month", at), periodStart("day", at)],
  );
  return rows.map(toAlert);
}

export async function markAlertDelivered(id: string): Promise<void> {
  await query("update public.budget_alerts set delivered_at = now() where id = $1", [id]);
}

/** The body of an alert's webhook event. */
export function alertEvent(alert: BudgetAlert) {
  return {
    type: "budget.threshold_reached",
    timestamp: alert.firedAt.toISOString(),
    data: {
      budget: {
        id: alert.budgetId,
        scope: alert.scope,
        account_id: alert.accountId,
        period: alert.period,
        limit_usd: alert.limitUsd,
      },
      period_start: alert.periodStart,
      threshold_percent: alert.threshold,
      spent_usd: Number(alert.spentUsd.toFixed(4)),
    },
  };
}
