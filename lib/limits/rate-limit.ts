import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { ApiError } from "@/lib/api/errors";
import type { Identity, TierLimits } from "@/lib/auth/types";
import { recordRejection } from "@/lib/observability/metrics";
import { redis } from "@/lib/redis";
import { type PolicyState, rateLimitHeaders } from "./headers";

const WINDOW_SECONDS = 60;
const limiters = new Map<number, RateLimiterRedis>();

/**
 * One limiter per points value (tiers differ only in points). While Redis is down each process falls
 * back to counting in memory (rate-limiter-flexible's insurance limiter), so limits still hold.
 */
function perMinute(points: number): RateLimiterRedis {
  let limiter = limiters.get(points);
  if (!limiter) {
    limiter = new RateLimiterRedis({
      storeClient: redis(),
      keyPrefix: `likeness:rl:min:${points}`,
      points,
      duration: WINDOW_SECONDS,
      insuranceLimiter: new RateLimiterMemory({ points, duration: WINDOW_SECONDS }),
    });
    limiters.set(points, limiter);
  }
  return limiter;
}

function stateOf(limit: number, res: RateLimiterRes): PolicyState {
  return {
    limit,
    remaining: Math.max(0, res.remainingPoints),
    resetsAt: Date.now() + res.msBeforeNext,
  };
}

/**
 * Counts one request against the per-minute limit of the identity's subject: the account (its
 * session and every key together) or the anonymous visitor. Returns where the limit stands; throws
 * a 429 `rate_limited` (with Retry-After, the rate-limit headers and what to do) when it is reached.
 */
export async function consumeRateLimit(
  identity: Identity,
  limits: TierLimits,
): Promise<PolicyState> {
  const points = limits.ratePerMinute;
  try {
    return stateOf(points, await perMinute(points).consume(identity.subject));
  } catch (rejected) {
    if (!(rejected instanceof RateLimiterRes)) throw rejected;
    recordRejection("rate_limit", limits.id);
    const headers = rateLimitHeaders({ minute: stateOf(points, rejected) });
    const retryAfter = Math.max(1, Math.ceil(rejected.msBeforeNext / 1000));
    throw new ApiError(
      "rate_limited",
      `Too many requests: the ${limits.name} tier allows ${points} per minute. Retry in ${retryAfter} s${
        limits.id === "enterprise" ? "." : ", or upgrade for a higher limit."
      }`,
      {
        headers: { ...headers, "Retry-After": String(retryAfter) },
        details: {
          limit: "requests_per_minute",
          allowed: points,
          resets_at: new Date(Date.now() + rejected.msBeforeNext).toISOString(),
          violated_policies: ["minute"],
          upgrade_url: limits.id === "enterprise" ? undefined : "/account#upgrade",
        },
      },
    );
  }
}
