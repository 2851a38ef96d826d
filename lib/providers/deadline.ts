import { setTimeout as delay } from "node:timers/promises";
import type { GenerateOptions, ProviderProgress } from "./types";

/**
 * One AbortSignal per provider call that fires on the caller's signal or on the adapter's own timeout,
 * and remembers which of the two it was: a timeout is the provider's fault (retryable, try the next
 * provider), an abort is the caller's decision. `extend` moves the timeout later, never past `maxMs`
 * from the start: time the provider says the call spent in its own queue is not time it hung.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  timedOut(): boolean;
  /** Milliseconds from the start to the timeout as it stands. */
  readonly budgetMs: number;
  extend(ms: number): void;
  dispose(): void;
}

export function deadline(timeoutMs: number, parent?: AbortSignal, maxMs = timeoutMs): Deadline {
  const controller = new AbortController();
  const started = performance.now();
  const hardMs = Math.max(timeoutMs, maxMs);
  let budgetMs = timeoutMs;
  let expired = false;
  const arm = () =>
    setTimeout(
      () => {
        expired = true;
        controller.abort(new Error(`timed out after ${Math.round(budgetMs)} ms`));
      },
      Math.max(0, started + budgetMs - performance.now()),
    );
  let timer = arm();
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener("abort", onParentAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => expired,
    get budgetMs() {
      return budgetMs;
    },
    extend: (ms) => {
      if (controller.signal.aborted || ms <= 0 || budgetMs >= hardMs) return;
      budgetMs = Math.min(hardMs, budgetMs + ms);
      clearTimeout(timer);
      timer = arm();
    },
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}

/**
 * Extends a deadline by the time a call spent in the provider's own queue, poll by poll: each poll
 * reports whether the call is still queued, and the interval since the previous poll counts as
 * queue time when it was.
 */
export function queueTimeCredit(dl: Deadline): (queued: boolean) => void {
  let last = performance.now();
  let wasQueued = true;
  return (queued) => {
    const now = performance.now();
    if (wasQueued) dl.extend(now - last);
    last = now;
    wasQueued = queued;
  };
}

/**
 * Settles with `work`, or rejects as soon as `signal` aborts. The vendor clients sleep between their
 * own retries without looking at the signal (Fal: 1 s, 2 s, 4 s), so passing the signal down is not
 * enough to stop on time. The abandoned promise's eventual rejection is swallowed on purpose.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal });
}

const STAGE_ORDER: Record<ProviderProgress["stage"], number> = {
  submitted: 0,
  queued: 1,
  generating: 2,
};

/**
 * Wraps onProgress so listeners see each distinct state once and never a step backwards (a poll can
 * race a status change). A throwing listener must not fail a paid generation, so its errors are dropped.
 */
export function progressReporter(
  onProgress: GenerateOptions["onProgress"],
): (progress: ProviderProgress) => void {
  let last: ProviderProgress | undefined;
  return (progress) => {
    if (!onProgress) return;
    if (last && STAGE_ORDER[progress.stage] < STAGE_ORDER[last.stage]) return;
    if (
      last?.stage === progress.stage &&
      last.percent === progress.percent &&
      last.queuePosition === progress.queuePosition
    ) {
      return;
    }
    last = progress;
    try {
      onProgress(progress);
    } catch {
      // Deliberately ignored, see above.
    }
  };
}
