import { DelayedError } from "@/lib/queue/errors";
import type { ContractJob } from "@/lib/queue/queues";
import type { Redis } from "@/lib/redis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { logger } from "@/lib/observability/log";

const log = logger("worker");

/**
 * A slot is held at most this long: a worker killed mid-job never gives its slot back, and the owner
 * must not be held to fewer running jobs than their tier allows for longer than this.
 */
const SLOT_TTL_SECONDS = 15 * 60;
/** A job over its owner's cap waits this long (plus jitter) before it asks again. */
const RECHECK_MS = 750;

/**
 * Caps how many of one identity's generations run at once (the tier's `concurrent_jobs`), across all
 * worker processes, with rate-limiter-flexible's Redis counter as the semaphore: consume a point to
 * start, reward it back when done. A job over the cap goes back to the delayed set, keeping its
 * priority and without using an attempt, so one account never occupies the whole worker pool.
 */
export class IdentityConcurrency {
  private readonly limiters = new Map<number, RateLimiterRedis>();

  constructor(private readonly redis: Redis) {}

  private limiter(cap: number): RateLimiterRedis {
    let limiter = this.limiters.get(cap);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: "likeness:running",
        points: cap,
        duration: SLOT_TTL_SECONDS,
      });
      this.limiters.set(cap, limiter);
    }
    return limiter;
  }

  /**
   * Runs `work` holding one of `subject`'s slots, or re-delays the job (throwing BullMQ's
   * DelayedError) when all of them are taken. Redis trouble lets the job run: a cap is a fairness
   * measure, not worth failing a paid generation over.
   */
  async run<T>(
    job: Pick<ContractJob<"generations">, "moveToDelayed">,
    token: string | undefined,
    owner: { subject: string; concurrentJobs: number } | undefined,
    work: () => Promise<T>,
  ): Promise<T> {
    if (!owner) return work();
    const limiter = this.limiter(owner.concurrentJobs);
    try {
      await limiter.consume(owner.subject);
    } catch (rejected) {
      if (rejected instanceof RateLimiterRes) {
        // A refused consume still counted its point: give it back, or the owner would lose a slot.
        await limiter.reward(owner.subject, 1).catch(() => undefined);
        await job.moveToDelayed(Date.now() + RECHECK_MS + Math.random() * RECHECK_MS, token);
        throw new DelayedError();
      }
      log.warn({ err: String(rejected) }, "concurrency cap unavailable, running anyway");
      return work();
    }
    try {
      return await work();
    } finally {
      await limiter.reward(owner.subject, 1).catch(() => undefined);
    }
  }
}
