import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { ApiError } from "@/lib/api/errors";
import { redis } from "@/lib/redis";

/** Guessing API keys: this many failed attempts per IP (or per anonymous id) per window, then 429. */
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

/** Throws 429 when `who` has used up its failed key attempts; call before checking a key. */
export async function assertKeyAttemptsLeft(who: string): Promise<void> {
  const res = await failedKeys()
    .get(who)
    .catch(() => null);
  if (res && res.consumedPoints >= KEY_FAILURES.points) {
    const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    throw new ApiError(
      "rate_limited",
      `Too many requests with invalid API keys from this address. Retry in ${retryAfter} s.`,
      {
        headers: { "Retry-After": String(retryAfter) },
        details: { limit: "failed_key_attempts", allowed: KEY_FAILURES.points },
      },
    );
  }
}

/** Records one failed key attempt by `who`. */
export async function recordFailedKeyAttempt(who: string): Promise<void> {
  await failedKeys()
    .penalty(who, 1)
    .catch(() => undefined);
}
