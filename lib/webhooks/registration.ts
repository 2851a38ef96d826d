import { ApiError } from "@/lib/api/errors";
import { publicOrigin } from "@/lib/api/parse";
import { env } from "@/lib/env";
import { checkOutboundUrl, OutboundUrlError } from "@/lib/net/ssrf";

/** What a request's record keeps of its webhook: where to send it, and the origin for its URLs. */
export interface WebhookRegistration {
  url: string;
  origin: string;
}

/**
 * Accepts a request's webhook_url, or refuses it before anything is charged or queued:
 * - only API-key callers: events are signed with the key's secret, and a browser has no key;
 * - only URLs the SSRF rules allow, after DNS (the worker checks again when it connects).
 */
export async function registerWebhook(
  url: string | undefined,
  apiKeyId: string | null,
  request: Request,
): Promise<WebhookRegistration | undefined> {
  if (url === undefined) return undefined;
  if (apiKeyId === null) {
    throw new ApiError(
      "webhook_requires_api_key",
      "webhook_url needs an API key: events are signed with the key's signing secret. Send the key as Authorization: Bearer <key>, or follow the generation by polling or its events_url instead.",
    );
  }
  try {
    const checked = await checkOutboundUrl(url, { allowedHosts: env().outboundAllowedHosts });
    return { url: checked.url.href, origin: publicOrigin(request) };
  } catch (error) {
    if (!(error instanceof OutboundUrlError)) throw error;
    throw new ApiError("webhook_url_forbidden", `webhook_url is refused: ${error.reason}.`, {
      details: { webhook_url: url, reason: error.reason },
    });
  }
}
