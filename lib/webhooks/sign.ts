import { Webhook } from "standardwebhooks";

/** The three Standard Webhooks headers of one delivery attempt. */
export interface WebhookHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/**
 * Signs a delivery the Standard Webhooks way (HMAC-SHA256 over `id.timestamp.body`), with the
 * library receivers verify with, so the two cannot disagree on the format. The timestamp is the
 * attempt's: receivers reject old timestamps to stop replays, so each retry is signed afresh (with
 * the same id, which they deduplicate on).
 */
export function signWebhook(
  secret: string,
  id: string,
  body: string,
  at: Date = new Date(),
): WebhookHeaders {
  const webhook = new Webhook(secret);
  // The library signs with the timestamp in whole seconds; send exactly that value.
  const seconds = Math.floor(at.getTime() / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(seconds),
    "webhook-signature": webhook.sign(id, new Date(seconds * 1000), body),
  };
}
