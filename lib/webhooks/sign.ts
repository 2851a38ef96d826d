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
 *
 * With several secrets (the current one and, for a day after a rotation, the one it replaced) the
 * header carries one `v1,<signature>` per secret, space-separated: the spec's way of rotating keys,
 * and a verifier accepts the delivery if any of them is its secret's.
 */
export function signWebhook(
  secrets: string | readonly string[],
  id: string,
  body: string,
  at: Date = new Date(),
): WebhookHeaders {
  // The library signs with the timestamp in whole seconds; send exactly that value.
  const seconds = Math.floor(at.getTime() / 1000);
  const signatures = (typeof secrets === "string" ? [secrets] : secrets).map((secret) =>
    new Webhook(secret).sign(id, new Date(seconds * 1000), body),
  );
  return {
    "webhook-id": id,
    "webhook-timestamp": String(seconds),
    "webhook-signature": signatures.join(" "),
  };
}
