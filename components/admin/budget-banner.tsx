import type { BudgetAlert } from "@/lib/spend/alerts";
import { usd } from "./chart-style";

/**
 * The budget alerts of the periods running now, the highest first: what an operator must see before
 * any chart. 100% means anonymous and free requests are already on the built-in generator.
 */
export function BudgetBanner({ alerts }: { alerts: BudgetAlert[] }) {
  if (alerts.length === 0) return null;
  const worst = alerts[0]!;
  const severe = worst.threshold >= 100;
  return (
    <aside
      data-testid="admin-budget-banner"
      data-threshold={worst.threshold}
      role="status"
      className={`space-y-1 rounded-2xl border px-5 py-4 text-sm ${
        severe ? "border-red-500/40 bg-red-500/10" : "border-amber-500/40 bg-amber-500/10"
      }`}
    >
      <p className="font-semibold">
        {worst.scope === "global" ? "The service's" : "An account's"} {worst.period}ly budget is at{" "}
        {worst.threshold}%: {usd(worst.spentUsd)} of {usd(worst.limitUsd)}.
      </p>
      <p className="text-muted">
        {severe && worst.scope === "global"
          ? "Anonymous and free requests are made by the built-in generator until the budget resets; premium and enterprise go on until the hard cap. "
          : ""}
        Alerts this period:{" "}
        {alerts
          .map(
            (a) =>
              `${a.threshold}% of the ${a.scope === "global" ? "" : "account "}${a.period}ly budget at ${a.firedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
          )
          .join("; ")}
        .
      </p>
    </aside>
  );
}
