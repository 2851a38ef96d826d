import type { WebhookEventType } from "@/lib/webhooks/deliveries";
import { type GenerationView, presentGeneration } from "./present";
import type { GenerationRow } from "./repository";

/** The JSON body of every delivery. */
export type WebhookEvent = {
  type: WebhookEventType;
  /** When the event happened (ISO 8601); unchanged on retries. */
  timestamp: string;
  /** The generation, exactly as GET /api/v1/generations/{id} shows it. */
  data: GenerationView;
};

/**
 * The event of a delivery, with URLs absolute against the origin the request came to. The type is
 * the one recorded when the generation ended; `data` is the generation as it is now (a failed one
 * asked for again may already be running anew), exactly what polling it would show.
 */
export function webhookEvent(
  type: WebhookEventType,
  row: GenerationRow,
  origin: string,
  at: Date,
): WebhookEvent {
  return { type, timestamp: at.toISOString(), data: presentGeneration(row, origin) };
}
