import type { GenerationRow } from "@/lib/generations/repository";
import { type GenerationView, presentGeneration } from "@/lib/generations/present";

/** The events a generation's webhook reports: one per request, when its generation ends. */
export const WEBHOOK_EVENTS = ["generation.succeeded", "generation.failed"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** The JSON body of every delivery. */
export interface WebhookEvent {
  type: WebhookEventType;
  /** When the event happened (ISO 8601); unchanged on retries. */
  timestamp: string;
  /** The generation, exactly as GET /api/v1/generations/{id} shows it. */
  data: GenerationView;
}

export function eventTypeFor(row: Pick<GenerationRow, "status">): WebhookEventType | null {
  if (row.status === "succeeded") return "generation.succeeded";
  if (row.status === "failed") return "generation.failed";
  return null;
}

/** The event for an ended generation, with URLs absolute against the origin the request came to. */
export function webhookEvent(row: GenerationRow, origin: string, at: Date): WebhookEvent {
  const type = eventTypeFor(row);
  if (!type) throw new Error(`generation ${row.id} has not ended (${row.status})`);
  return { type, timestamp: at.toISOString(), data: presentGeneration(row, origin) };
}
