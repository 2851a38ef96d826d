import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { redis } from "@/lib/redis";

const HOUR_SECONDS = 3600;
let minted: RateLimiterRedis | undefined;
let mintedPoints: number | undefined;

function limiter(points: number): RateLimiterRedis {
  if (!minted || mintedPoints !== points) {
    minted = new RateLimiterRedis({
      storeClient: redis(),
      keyPrefix: "likeness:rl:anonmint",
      points,
      duration: HOUR_SECONDS,
      insuranceLimiter: new RateLimiterMemory({ points, duration: HOUR_SECONDS }),
    });
    mintedPoints = points;
  }
  return minted;
}

/**
 * Whether `address` may be handed one more visitor cookie this hour (ANON_COOKIES_PER_ADDRESS_PER_HOUR).
 * Each fresh cookie is a fresh visitor quota, so a client that keeps minting them gets, past the
 * allowance, no cookie: its requests stay its address's cookieless visitor. Never a refusal.
 */
export async function mayMintVisitorCookie(address: string): Promise<boolean> {
  const points = env().auth.anon.cookiesPerAddressPerHour;
  if (points === 0) return false;
  try {
    await limiter(points).consume(address);
    return true;
  } catch {
    // Refused (a RateLimiterRes), or counting failed altogether: no new cookie, and the visitor is
    // still served, as its address's cookieless visitor.
    return false;
  }
}

/**
 * Gives back the cookie `mayMintVisitorCookie` counted for `address` when the answer will not
 * carry it after all (a Pollinations cache hit, which must stay cacheable): a page of cross-site
 * <img> tags must not use up its address's new cookies.
 */
export async function returnVisitorCookie(address: string): Promise<void> {
  const points = env().auth.anon.cookiesPerAddressPerHour;
  if (points === 0) return;
  await limiter(points)
    .reward(address, 1)
    .catch(() => undefined);
}
