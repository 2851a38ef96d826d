import { ApiError } from "@/lib/api/errors";
import { presentedApiKey, resolveIdentity } from "@/lib/auth/identity";
import { limitsFor } from "@/lib/auth/tiers";
import { type Identity, ownerOf, type TierLimits } from "@/lib/auth/types";
import { consumeRateLimit, type RateLimitHeaders } from "@/lib/limits/rate-limit";
import { registerWebhook } from "@/lib/webhooks/registration";
import type { ParsedGenerationInput } from "./input-schema";
import { type GenerationTicket, requestGenerations } from "./service";

/**
 * The one request pipeline behind every dialect (native jobs API, OpenAI images, Pollinations URLs).
 * Dialects parse their input and render their output; the order in between is decided here, once:
 *
 * 1. Identity (`resolveCaller`): an API key, a session or an anonymous visitor. A key that is sent
 *    must be valid: a bad one is a 401 whatever the rest of the request says. The caller decides
 *    what `private` means when a request leaves it out (`privateByDefault`).
 * 2. Webhook: an unusable `webhook_url` refuses the whole request before anything is charged.
 * 3. Tier: a model or size outside the caller's tier is refused, naming what it allows.
 * 4. Cache: a hit is answered at once. It is free, and outside the rate limit and the quota.
 * 5. Rate limit (per minute), for requests that need a generation.
 * 6. Admission: the daily quota charge, the generation row and the request record, atomically.
 * 7. Enqueue: one job per distinct request; identical requests in flight share it.
 */

export interface ResolvedCaller {
  identity: Identity;
  limits: TierLimits;
  /** Set-Cookie values the response must carry (a new visitor id, a refreshed session). */
  setCookies: string[];
  /**
   * Whose private generations this caller makes and reads (lib/auth/types.ts ownerOf): for a
   * first, cookieless visit, the visitor its new cookie makes it; null when nobody can tell.
   */
  owner: string | null;
}

/**
 * Step 1 and the tier's limits. `apiKeyOnly` is for dialects whose clients always send a key
 * (OpenAI's SDKs): no key is a 401, never a quiet fall-back to an anonymous visitor.
 */
export async function resolveCaller(
  request: Request,
  options: { body?: unknown; apiKeyOnly?: boolean } = {},
): Promise<ResolvedCaller> {
  if (options.apiKeyOnly && presentedApiKey(request, options.body) === undefined) {
    throw missingApiKey();
  }
  const { identity, setCookies, issuedVisitor } = await resolveIdentity(request, {
    body: options.body,
  });
  if (options.apiKeyOnly && identity.kind !== "api_key") throw missingApiKey();
  const limits = await limitsFor(identity.tier, identity.overrides);
  return { identity, limits, setCookies, owner: ownerOf(issuedVisitor ?? identity) };
}

/**
 * What a request that does not say `private` gets: work done with an API key is the integrator's
 * own (private), what people make in the browser is public, as it always was. `private: false`
 * (`?private=false`) shares an API key's work; `private: true` keeps a browser's.
 */
export function privateByDefault(identity: Identity): boolean {
  return identity.kind === "api_key";
}

export interface Served {
  /** One per input, in input order. */
  tickets: GenerationTicket[];
  /** HIT when every image came from the cache (nothing charged, no rate limit used). */
  cache: "HIT" | "MISS";
  /** The per-minute limit's headers when the request used it. */
  rateHeaders: RateLimitHeaders | Record<string, never>;
  /** The webhook registered for the request, if one was asked for. */
  webhook?: { url: string };
}

/** Steps 2 to 7 for one request of one or more images (OpenAI's `n`), in that order. */
export async function serveGenerations(
  request: Request,
  caller: ResolvedCaller,
  inputs: readonly ParsedGenerationInput[],
  options: { webhookUrl?: string } = {},
): Promise<Served> {
  const webhook = await registerWebhook(options.webhookUrl, caller.identity.apiKeyId, request);
  let rateHeaders: Served["rateHeaders"] = {};
  const resolved = inputs.map((input) => ({
    ...input,
    private: input.private ?? privateByDefault(caller.identity),
  }));
  const tickets = await requestGenerations(
    resolved,
    {
      identity: caller.identity,
      limits: caller.limits,
      webhook,
      ...(caller.owner ? { owner: caller.owner } : {}),
    },
    {
      beforeCharge: async () => {
        rateHeaders = await consumeRateLimit(caller.identity, caller.limits);
      },
    },
  );
  return {
    tickets,
    cache: tickets.every((t) => t.cache === "HIT") ? "HIT" : "MISS",
    rateHeaders,
    ...(webhook ? { webhook: { url: webhook.url } } : {}),
  };
}

function missingApiKey(): ApiError {
  return new ApiError(
    "unauthorized",
    "You didn't provide an API key. Send it in an Authorization header using Bearer auth (Authorization: Bearer lk_live_…). Enterprise accounts create keys at /account.",
    { headers: { "WWW-Authenticate": 'Bearer realm="likeness"' } },
  );
}
