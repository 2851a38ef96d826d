import { Gauge } from "prom-client";
import { appMetric } from "@/lib/observability/metrics";
import { budgets } from "./budgets";
import { spendSnapshot } from "./counters";

/**
 * `likeness_budget_used_ratio{scope, period}`: the share of each global budget spent this period,
 * read at scrape time from the counters the budget check uses (one MGET). Reported by the web
 * process only, as the queue depth is: every process would report the same figure.
 */
export function reportBudgetUse(): void {
  appMetric(
    "likeness_budget_used_ratio",
    (registers) =>
      new Gauge({
        name: "likeness_budget_used_ratio",
        help: "Share of each global spend budget used this period (1 = the budget; the hard cap is above it).",
        labelNames: ["period"] as const,
        registers,
        async collect() {
          this.reset();
          const snapshot = await spendSnapshot(null).catch(() => undefined);
          if (!snapshot) return;
          for (const budget of await budgets(snapshot.budgetsVersion)) {
            if (budget.scope !== "global" || budget.limitUsd <= 0) continue;
            const used = snapshot.spent({ period: budget.period, accountId: null });
            this.set({ period: budget.period }, used / budget.limitUsd);
          }
        },
      }),
  );
}
