import { env } from "@/lib/env";
import { Counter } from "prom-client";
import { logger } from "@/lib/observability/log";
import { appMetric } from "@/lib/observability/metrics";
import { enqueueBudgetAlert } from "@/lib/queue/producer";
import { fireBudgetAlerts } from "./alerts";
import { addSpend } from "./counters";
import { syncSpendCounters } from "./sync";

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
    await announceBudgetAlerts();
  } catch (error) {
    log.warn({ err: (error as Error).message, costUsd }, "could not count spend against budgets");
  }
}

/**
 * The maintenance job's spend run (every minute): the counters set from the ledger, then the alerts
 * that spend has reached, so a budget lowered below the spend so far (or spend the counters had
 * missed) is alerted on without waiting for the next paid call.
 */
export async function syncSpendAndAlert(): Promise<void> {
  await syncSpendCounters();
  await announceBudgetAlerts();
}

/** Fires the alerts the spend so far has reached (each logged once), sending each once when set. */
async function announceBudgetAlerts(): Promise<void> {
  const alerts = await fireBudgetAlerts();
  if (env().alertWebhook) for (const alert of alerts) await enqueueBudgetAlert(alert.id);
}
