import type { Env } from "@/lib/env";
import { alertJobSchema } from "@/lib/queue/contract";
import { UnrecoverableError } from "@/lib/queue/errors";
import type { ContractJob } from "@/lib/queue/queues";
import { alertEvent, getBudgetAlert, markAlertDelivered } from "@/lib/spend/alerts";
import { postSignedEvent } from "@/lib/webhooks/deliver";

/**
 * Sends one budget alert to ALERT_WEBHOOK_URL as a Standard Webhooks event signed with
 * ALERT_WEBHOOK_SECRET, through the same signer and SSRF-guarded fetch as customers' webhooks. The
 * alert's id is the webhook-id on every try, so the receiver can deduplicate; retried with the
 * webhooks queue's backoff, and a 4xx other than 408/429 stops at once.
 */
export function alertProcessor(config: Pick<Env, "alertWebhook" | "outboundAllowedHosts">) {
  return async (job: Pick<ContractJob<"webhooks">, "data">): Promise<void> => {
    const { alertId } = alertJobSchema.parse(job.data);
    const alert = await getBudgetAlert(alertId);
    if (!alert || !config.alertWebhook) return;
    const outcome = await postSignedEvent({
      url: config.alertWebhook.url,
      id: alert.id,
      body: JSON.stringify(alertEvent(alert)),
      secrets: [config.alertWebhook.secret],
      policy: { allowedHosts: config.outboundAllowedHosts },
    });
    if (outcome.delivered) return markAlertDelivered(alert.id);
    const message = `budget alert ${alert.id} to ${config.alertWebhook.url}: ${outcome.error}`;
    throw outcome.permanent ? new UnrecoverableError(message) : new Error(message);
  };
}
