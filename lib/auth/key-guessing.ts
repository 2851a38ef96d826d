import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { ApiError } from "@/lib/api/errors";
import { redis } from "@/lib/redis";

/**
 * Failed lookups of well-formed API keys, counted per client address: past this many in the window,
 * a further failure is a 429 instead of a 401. A valid key never gets here (it is checked first), so
 * a noisy neighbour can slow down nobody's working key; malformed keys and keys whose checksum does
 * not match are refused before any lookup and are not counted either.
 */
const KEY_FAILURES = { points: 20, duration: 600 };
let keyFailures: RateLimiterRedis | undefined;
function failedKeys(): RateLimiterRedis {
  keyFailures ??= new RateLimiterRedis({
    storeClient: redis(),
    keyPrefix: "likeness:rl:keyfail",
    ...KEY_FAILURES,
    insuranceLimiter: new RateLimiterMemory(KEY_FAILURES),
  });
  return keyFailures;
}

/**
 * Records one failed key lookup by `who` (an address, or `unknown`), and throws a 429 when that
 * address has failed more than its allowance in the window. Otherwise returns, and the caller
 * answers the failure itself (401).
 */
export async function recordFailedKeyLookup(who: string): Promise<void> {
  const res = await failedKeys()
    .penalty(who, 1)
    .catch(() => null);
  if (res && res.consumedPoints > KEY_FAILURES.points) {
    const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    throw new ApiError(
      "rate_limited",
      `Too many requests with invalid API keys from this address. Retry in ${retryAfter} s; a valid key works meanwhile.`,
      {
        headers: { "Retry-After": String(retryAfter) },
        details: { limit: "failed_key_attempts", allowed: KEY_FAILURES.points },
      },
    );
  }
}
