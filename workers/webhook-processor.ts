import type { Env } from "@/lib/env";
import { getGeneration } from "@/lib/generations/repository";
import { webhookEvent, type WebhookEvent } from "@/lib/generations/webhook-event";
import type { OutboundPolicy } from "@/lib/net/ssrf";
import { webhookJobSchema } from "@/lib/queue/contract";
import { UnrecoverableError } from "@/lib/queue/errors";
import { type ContractJob, worker } from "@/lib/queue/queues";
import { type AttemptOutcome, postSignedEvent } from "@/lib/webhooks/deliver";
import {
  type DeliveryRow,
  fixPayload,
  getDelivery,
  recordAttempt,
} from "@/lib/webhooks/deliveries";
import { signingSecretsFor } from "@/lib/webhooks/secrets";
import { alertProcessor } from "./alert-processor";
import { logger } from "@/lib/observability/log";

const log = logger("webhooks");

/** Deliveries are network waits, not CPU: many at once per process cost little. */
const WEBHOOK_CONCURRENCY = 16;

/**
 * Runs one delivery attempt: the signed POST, recorded in webhook_deliveries whatever happens. A
 * failure throws, so BullMQ retries it with backoff; a permanent one (a 4xx other than 408/429, a
 * URL now refused) throws UnrecoverableError and is not retried. Idempotent: a delivery already
 * delivered or given up is left alone, and every attempt sends the same id and body.
 */
export function webhookProcessor(policy: () => OutboundPolicy) {
  return async (
    job: Pick<ContractJob<"webhooks">, "data" | "attemptsMade" | "opts">,
  ): Promise<void> => {
    const { deliveryId } = webhookJobSchema.parse(job.data);
    const delivery = await getDelivery(deliveryId);
    if (!delivery || delivery.delivered_at || delivery.failed_at) return;
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await attempt(delivery, policy());
    const gaveUp = !outcome.delivered && (outcome.permanent || lastAttempt);
    await recordAttempt(delivery.id, { ...outcome, gaveUp });
    if (outcome.delivered) return;
    const message = `webhook ${delivery.id} to ${delivery.url}: ${outcome.error}`;
    throw outcome.permanent ? new UnrecoverableError(message) : new Error(message);
  };
}

async function attempt(delivery: DeliveryRow, policy: OutboundPolicy): Promise<AttemptOutcome> {
  const secrets = delivery.api_key_id ? await signingSecretsFor(delivery.api_key_id) : null;
  if (!secrets) return permanentFailure("the API key that registered it no longer exists");
  const payload = delivery.payload ?? (await firstPayload(delivery));
  if (!payload) return permanentFailure("the generation no longer exists");
  return postSignedEvent({
    url: delivery.url,
    id: delivery.id,
    body: JSON.stringify(payload),
    secrets,
    policy,
  });
}

/** The event as of the first attempt, stored so that every retry sends exactly the same body. */
async function firstPayload(delivery: DeliveryRow): Promise<WebhookEvent | null> {
  const row = await getGeneration(delivery.generation_id);
  if (!row) return null;
  const event = webhookEvent(
    delivery.event_type,
    row,
    delivery.api_origin ?? "",
    delivery.created_at,
  );
  return fixPayload(delivery.id, event);
}

function permanentFailure(error: string): AttemptOutcome {
  return { status: null, error, delivered: false, permanent: true };
}

export interface RunningWebhookWorker {
  close(): Promise<void>;
}

/** The webhooks queue's worker. */
export function startWebhookWorker(
  config: Pick<Env, "outboundAllowedHosts" | "alertWebhook">,
): RunningWebhookWorker {
  const deliver = webhookProcessor(() => ({ allowedHosts: config.outboundAllowedHosts }));
  const alert = alertProcessor(config);
  const deliveries = worker(
    "webhooks",
    async (job) => (job.name === "alert" ? alert(job) : deliver(job)),
    { concurrency: WEBHOOK_CONCURRENCY },
  );
  deliveries.on("failed", (job, err) =>
    log.warn(
      { jobId: job?.id, attempt: job?.attemptsMade, err: err.message },
      "webhook attempt failed",
    ),
  );
  return { close: () => deliveries.close() };
}
