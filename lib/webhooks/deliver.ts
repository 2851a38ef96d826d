import { OutboundUrlError, type OutboundPolicy } from "@/lib/net/ssrf";
import { safeFetch } from "@/lib/net/safe-fetch";
import { signWebhook } from "./sign";

const TIMEOUT_MS = 10_000;
/** Receivers' answers are not used beyond their status; a little of the body helps debugging. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface AttemptOutcome {
  status: number | null;
  error: string | null;
  delivered: boolean;
  /** A retry cannot change it: a 4xx other than 408/429, or a URL the SSRF rules now refuse. */
  permanent: boolean;
}

/**
 * POSTs one signed event. Only a 2xx counts as delivered. A 3xx is a failure (redirects are not
 * followed: their target would escape the SSRF check); 408, 429 and 5xx are worth retrying.
 */
export async function postSignedEvent(args: {
  url: string;
  id: string;
  body: string;
  /** The key's signing secrets (the current one, and a rotated-out one for its last day). */
  secrets: readonly string[];
  policy: OutboundPolicy;
}): Promise<AttemptOutcome> {
  const headers = {
    ...signWebhook(args.secrets, args.id, args.body),
    "content-type": "application/json",
    "user-agent": "Likeness-Webhooks/1.0",
  };
  try {
    const response = await safeFetch(args.url, {
      policy: args.policy,
      method: "POST",
      headers,
      body: args.body,
      timeoutMs: TIMEOUT_MS,
      maxBytes: MAX_RESPONSE_BYTES,
    });
    const status = response.status;
    if (status >= 200 && status < 300)
      return { status, error: null, delivered: true, permanent: false };
    const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
    const error =
      status >= 300 && status < 400
        ? `the receiver answered ${status}; redirects are not followed`
        : `the receiver answered ${status}`;
    return { status, error, delivered: false, permanent };
  } catch (thrown) {
    const refused = refusal(thrown);
    if (refused)
      return {
        status: null,
        error: `refused: ${refused.reason}`,
        delivered: false,
        permanent: true,
      };
    return { status: null, error: describe(thrown), delivered: false, permanent: false };
  }
}

/** The SSRF refusal behind an error, also when undici wrapped the one raised in its lookup. */
function refusal(error: unknown): OutboundUrlError | undefined {
  if (error instanceof OutboundUrlError) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof OutboundUrlError ? cause : undefined;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? `: ${cause.message}` : "";
  return `${error.name === "TimeoutError" ? `no answer within ${TIMEOUT_MS / 1000} s` : error.message}${detail}`;
}
