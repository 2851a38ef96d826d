import { query } from "@/lib/db";
import type { PgRow } from "@/lib/db/database.types";
import { enqueueWebhookDeliveries } from "@/lib/queue/producer";

/** The events a generation's webhook reports: one per request, when its generation ends. */
export const WEBHOOK_EVENTS = ["generation.succeeded", "generation.failed"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** A delivery's JSON body, as built by whoever owns the event (lib/generations/webhook-event.ts). */
export type WebhookPayload = Record<string, unknown>;

/**
 * Once a generation has ended, creates the delivery of every request for it that asked for a
 * webhook and has none yet (one event per request, ever), and queues every delivery of it still
 * pending. Safe to call at any time and any number of times: before the end it does nothing, and a
 * delivery already queued or done is not queued again. Called by the worker when a generation ends,
 * and by the web process right after registering a webhook, so a generation that ended in between
 * (or was a cache hit all along) is not missed.
 */
export async function queueGenerationWebhooks(generationId: string): Promise<string[]> {
  const rows = await query<{ id: string }>(
    `with created as (
       insert into public.webhook_deliveries (request_id, generation_id, api_key_id, url, event_type)
       select r.id, g.id, r.api_key_id, r.webhook_url,
              case g.status when 'succeeded' then 'generation.succeeded' else 'generation.failed' end
       from public.generation_requests r join public.generations g on g.id = r.generation_id
       where g.id = $1 and g.status in ('succeeded', 'failed') and r.webhook_url is not null
       on conflict (request_id) do nothing
       returning id
     )
     select id from created
     union
     select id from public.webhook_deliveries
     where generation_id = $1 and delivered_at is null and failed_at is null`,
    [generationId],
  );
  const ids = rows.map((r) => r.id);
  await enqueueWebhookDeliveries(ids);
  return ids;
}

export type DeliveryRow = Omit<
  PgRow<"webhook_deliveries">,
  "request_id" | "event_type" | "payload" | "last_attempt_at"
> &
  /** The origin the request was made to. */
  Pick<PgRow<"generation_requests">, "api_origin"> & {
    event_type: WebhookEventType;
    payload: WebhookPayload | null;
  };

export async function getDelivery(id: string): Promise<DeliveryRow | null> {
  const rows = await query<DeliveryRow>(
    `select d.id, d.generation_id, d.api_key_id, d.url, d.event_type, d.payload, d.attempts,
            d.last_status, d.last_error, d.created_at, d.delivered_at, d.failed_at, r.api_origin
     from public.webhook_deliveries d join public.generation_requests r on r.id = d.request_id
     where d.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** Stores the body of the first attempt, or returns the one stored before: retries send the same. */
export async function fixPayload<P extends WebhookPayload>(id: string, payload: P): Promise<P> {
  const rows = await query<{ payload: P }>(
    `update public.webhook_deliveries set payload = coalesce(payload, $2::jsonb)
     where id = $1 returning payload`,
    [id, JSON.stringify(payload)],
  );
  return rows[0]?.payload ?? payload;
}

export interface AttemptRecord {
  status: number | null;
  error: string | null;
  delivered: boolean;
  /** No further attempt will be made: out of retries, or a refusal a retry cannot change. */
  gaveUp: boolean;
}

export async function recordAttempt(id: string, attempt: AttemptRecord): Promise<void> {
  await query(
    `update public.webhook_deliveries
     set attempts = attempts + 1, last_status = $2, last_error = $3, last_attempt_at = now(),
         delivered_at = case when $4 then now() else delivered_at end,
         failed_at = case when $5 then now() else failed_at end
     where id = $1`,
    [id, attempt.status, attempt.error?.slice(0, 500) ?? null, attempt.delivered, attempt.gaveUp],
  );
}
