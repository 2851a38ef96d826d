import { ApiError } from "@/lib/api/errors";
import { presentedApiKey, resolveIdentity } from "@/lib/auth/identity";
import { limitsFor } from "@/lib/auth/tiers";
import { type Identity, ownerOf, type TierLimits } from "@/lib/auth/types";
import { query } from "@/lib/db";
import { quotaCharges } from "@/lib/limits/charges";
import { type PolicyState, rateLimitHeaders } from "@/lib/limits/headers";
import { countsOf, dayPolicy } from "@/lib/limits/quota";
import { consumeRateLimit } from "@/lib/limits/rate-limit";
import { checkBudget } from "@/lib/spend/guard";
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
 * 6. Budget (lib/spend): an account past its own budget is refused; past the global budget,
 *    anonymous and free requests are made by the built-in generator (looked up in the cache again
 *    as such), premium and enterprise go on until the hard cap. A cache hit never reaches it.
 * 7. Admission: the daily quota charge, the generation row and the request record, atomically.
 * 8. Enqueue: one job per distinct request; identical requests in flight share it.
 *
 * Every answer that used the rate limit or the quota (a miss, and both kinds of 429) carries both
 * policies' headers (lib/limits/headers.ts), so a client always sees where it stands on each.
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
  /** The rate-limit headers (per minute and per day) when the request used them; {} on a hit. */
  rateHeaders: Record<string, string>;
  /** The webhook registered for the request, if one was asked for. */
  webhook?: { url: string };
}

/** Steps 2 to 8 for one request of one or more images (OpenAI's `n`), in that order. */
export async function serveGenerations(
  request: Request,
  caller: ResolvedCaller,
  inputs: readonly ParsedGenerationInput[],
  options: { webhookUrl?: string } = {},
): Promise<Served> {
  const webhook = await registerWebhook(options.webhookUrl, caller.identity.apiKeyId, request);
  let minute: PolicyState | undefined;
  let tickets: GenerationTicket[];
  const resolved = inputs.map((input) => ({
    ...input,
    private: input.private ?? privateByDefault(caller.identity),
  }));
  try {
    tickets = await requestGenerations(
      resolved,
      {
        identity: caller.identity,
        limits: caller.limits,
        webhook,
        ...(caller.owner ? { owner: caller.owner } : {}),
      },
      {
        beforeCharge: async () => {
          minute = await consumeRateLimit(caller.identity, caller.limits);
          return checkBudget(caller.identity);
        },
      },
    );
  } catch (error) {
    throw await withPolicyHeaders(error, caller, minute);
  }
  const cache = tickets.every((t) => t.cache === "HIT") ? "HIT" : "MISS";
  const day =
    cache === "MISS" ? (tickets.find((t) => t.day)?.day ?? (await dayNow(caller))) : undefined;
  return {
    tickets,
    cache,
    rateHeaders: cache === "MISS" ? rateLimitHeaders({ minute, day }) : {},
    ...(webhook ? { webhook: { url: webhook.url } } : {}),
  };
}

/** The daily policy without charging: for a miss that only joined work in flight, and for 429s. */
async function dayNow(caller: ResolvedCaller): Promise<PolicyState> {
  return dayPolicy(await countsOf(query, quotaCharges(caller.identity, caller.limits)));
}

/**
 * A 429 of one policy, given the other's headers too: a rate-limit refusal learns the day's state,
 * a quota refusal the minute's (already counted by then). Any other error passes unchanged.
 */
async function withPolicyHeaders(
  error: unknown,
  caller: ResolvedCaller,
  minute: PolicyState | undefined,
): Promise<unknown> {
  if (!(error instanceof ApiError)) return error;
  if (error.code === "rate_limited") {
    const day = await dayNow(caller).catch(() => undefined);
    return joinPolicies(error, rateLimitHeaders({ day }), "after");
  }
  if (error.code === "quota_exceeded" && minute) {
    return joinPolicies(error, rateLimitHeaders({ minute }), "before");
  }
  return error;
}

/**
 * The error with the other policy's headers added. RateLimit and RateLimit-Policy are lists, so the
 * other policy's item joins the error's own, the minute's first.
 */
function joinPolicies(
  error: ApiError,
  other: Record<string, string>,
  place: "before" | "after",
): ApiError {
  const headers = { ...error.headers };
  for (const [name, value] of Object.entries(other)) {
    const own = headers[name];
    const list = (name === "RateLimit" || name === "RateLimit-Policy") && own !== undefined;
    headers[name] = !list ? value : place === "before" ? `${value}, ${own}` : `${own}, ${value}`;
  }
  return new ApiError(error.code, error.message, {
    cause: error.cause,
    details: error.details,
    headers,
  });
}

function missingApiKey(): ApiError {
  return new ApiError(
    "unauthorized",
    "You didn't provide an API key. Send it in an Authorization header using Bearer auth (Authorization: Bearer lk_live_…). Enterprise accounts create keys at /account.",
    { headers: { "WWW-Authenticate": 'Bearer realm="likeness"' } },
  );
}
