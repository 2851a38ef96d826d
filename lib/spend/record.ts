import { env } from "@/lib/env";
import { Counter } from "prom-client";
import { logger } from "@/lib/observability/log";
import { appMetric } from "@/lib/observability/metrics";
import { enqueueBudgetAlert } from "@/lib/queue/producer";
import { fireBudgetAlerts } from "./alerts";
import { addSpend } from "./counters";

const log = logger("spend");

const spendMetric = () =>
  appMetric(
    "likeness_spend_usd_total",
    (registers) =>
      new Counter({
        name: "likeness_spend_usd_total",
        help: "Provider spend in US dollars counted by this process (priced from the ledger), by provider and model.",
        labelNames: ["provider", "model"] as const,
        registers,
      }),
  );

/**
 * After a provider call's cost is in the ledger: counts it against the budgets (the Redis counters
 * the request path reads) and fires the alerts it crossed, each sent once to ALERT_WEBHOOK_URL.
 * Never throws: the image is made either way, and the maintenance job puts the counters back in
 * step with the ledger.
 */
export async function countSpend(
  costUsd: number,
  accountId: string | null,
  call: { provider: string; model: string },
): Promise<void> {
  if (!(costUsd > 0)) return;
  spendMetric().inc({ provider: call.provider, model: call.model }, costUsd);
  try {
    await addSpend(costUsd, accountId);
    const alerts = await fireBudgetAlerts();
    if (env().alertWebhook) for (const alert of alerts) await enqueueBudgetAlert(alert.id);
  } catch (error) {
    log.warn({ err: (error as Error).message, costUsd }, "could not count spend against budgets");
  }
}
