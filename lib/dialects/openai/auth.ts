import "server-only";
import { ApiError } from "@/lib/api/errors";
import { presentedApiKey, resolveIdentity } from "@/lib/auth/identity";
import { limitsFor } from "@/lib/auth/tiers";
import type { Caller } from "@/lib/generations/service";
import { consumeRateLimit, type RateLimitHeaders } from "@/lib/limits/rate-limit";

/**
 * OpenAI's clients always authenticate with `Authorization: Bearer <key>`, so this dialect takes
 * API keys only: no key is a 401 (never a quiet fall-back to an anonymous visitor, whose cookie an
 * SDK would not keep anyway), and a bad one is the identity's own 401 (key_invalid, key_revoked,
 * key_expired). The request then counts against the key's per-minute rate limit.
 */
export async function apiKeyCaller(
  request: Request,
): Promise<{ caller: Caller; rateHeaders: RateLimitHeaders }> {
  if (presentedApiKey(request) === undefined) throw missingApiKey();
  const { identity } = await resolveIdentity(request);
  if (identity.kind !== "api_key") throw missingApiKey();
  const limits = await limitsFor(identity.tier, identity.overrides);
  const rateHeaders = await consumeRateLimit(identity, limits);
  return { caller: { identity, limits }, rateHeaders };
}

/** Listing models needs no key; one that is sent must still be valid, as everywhere else. */
export async function checkPresentedKey(request: Request): Promise<void> {
  if (presentedApiKey(request) !== undefined) await resolveIdentity(request);
}

function missingApiKey(): ApiError {
  return new ApiError(
    "unauthorized",
    "You didn't provide an API key. Send it in an Authorization header using Bearer auth (Authorization: Bearer lk_live_…). Enterprise accounts create keys at /account.",
    { headers: { "WWW-Authenticate": 'Bearer realm="likeness"' } },
  );
}
