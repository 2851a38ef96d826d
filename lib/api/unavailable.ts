import { setTimeout as sleep } from "node:timers/promises";
import { ApiError } from "./errors";

/**
 * A backing service (database, storage) could not be reached: lib/db and lib/storage both say so with
 * ApiError("service_unavailable"). For a request that is a 503; for a worker it is a reason to wait,
 * never to fail a paid job or spend one of its tries.
 */
export function isServiceUnavailable(error: unknown): boolean {
  return error instanceof ApiError && error.code === "service_unavailable";
}

/**
 * Runs `work` again while it fails only because a backing service is unreachable, with a backoff
 * from `firstDelayMs` doubling to `maxDelayMs`, for up to `forMs` in all; then the last failure is
 * thrown. For writes that must land (a generation's end, its refund) and for work whose result is
 * in hand (an image already downloaded): a short outage is waited out instead of redoing it later.
 */
export async function retryWhileUnavailable<T>(
  work: () => Promise<T>,
  options: {
    forMs: number;
    firstDelayMs?: number;
    maxDelayMs?: number;
    onRetry?: (error: unknown, delayMs: number) => void;
  },
): Promise<T> {
  const giveUpAt = Date.now() + options.forMs;
  let delay = options.firstDelayMs ?? 250;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      const wait = Math.min(delay, giveUpAt - Date.now());
      if (!isServiceUnavailable(error) || wait <= 0) throw error;
      options.onRetry?.(error, wait);
      await sleep(wait);
      delay = Math.min(delay * 2, options.maxDelayMs ?? 4_000);
    }
  }
}
