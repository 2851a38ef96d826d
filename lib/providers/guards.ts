import {
  bulkhead as createBulkhead,
  type BulkheadPolicy,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  type CircuitBreakerPolicy,
  handleWhen,
} from "cockatiel";
import { untilAborted } from "./deadline";
import { CallGoneError, ProviderError, type ProviderName } from "./types";
import { logger } from "@/lib/observability/log";
import { type CircuitState as CircuitMetric, setCircuitState } from "@/lib/observability/metrics";

const log = logger("providers");

/**
 * What this process knows about each provider's health, shared by every job it runs:
 * - a circuit breaker: three outages or timeouts in a row skip the provider, and after a few seconds
 *   one call probes it (half-open), so a recovered provider is used again within seconds;
 * - the Retry-After of its last 429, so no job calls it again before then;
 * - slots: at most `capacity` calls at once, so a provider that hangs cannot hold every worker slot
 *   while the other one could answer.
 */
export const BREAKER = { consecutiveFailures: 3, halfOpenAfterMs: 5_000 };
/** How long a job waits for the answer of another's call probing a provider that sent 429s. */
const PROBE_ANSWER_WAIT_MS = 500;
/** cockatiel's CircuitState values, in its order, as the metrics name them. */
const STATES: readonly CircuitMetric[] = ["closed", "open", "half_open", "isolated"];

export interface ProviderGuard {
  breaker: CircuitBreakerPolicy;
  /** Milliseconds until the breaker lets a probe through; 0 when it is not open. */
  openForMs(): number;
  /**
   * Milliseconds before the provider may be called again: what is left of its last Retry-After,
   * then, while one call probes whether it takes work again, a short wait for that call's answer.
   */
  coolingForMs(): number;
  rateLimited(retryAfterMs: number): void;
  /** Marks a call as started (call it right after coolingForMs said 0); the result marks it ended. */
  calling(): (outcome: { rateLimited: boolean }) => void;
  /** Runs `work` in one of the provider's slots, or throws ProviderBusyError after `waitMs`. */
  inSlot<T>(capacity: number, waitMs: number, work: () => Promise<T>): Promise<T>;
}

/** Every slot of a provider stayed taken while the job waited: skip it, it is not a failure of its own. */
export class ProviderBusyError extends ProviderError {
  constructor(provider: ProviderName, capacity: number) {
    super(
      provider,
      "retryable",
      `${provider} already has ${capacity} calls in flight here; skipped`,
    );
    this.name = "ProviderBusyError";
  }
}

const guards = new Map<ProviderName, ProviderGuard>();

export function guardFor(name: ProviderName): ProviderGuard {
  let guard = guards.get(name);
  if (!guard) guards.set(name, (guard = createGuard(name)));
  return guard;
}

/** For tests: forget every provider's history. */
export function resetProviderGuards(): void {
  guards.clear();
}

function createGuard(name: ProviderName): ProviderGuard {
  // Only outages and hangs count against a provider: a rejected prompt or a 429 says nothing about
  // its health, a skip for want of a slot is not a call at all, and a call it no longer has (asked
  // for long after) is no sign of trouble either.
  const breaker = circuitBreaker(
    handleWhen(
      (e) =>
        e instanceof ProviderError &&
        e.kind === "retryable" &&
        !(e instanceof ProviderBusyError) &&
        !(e instanceof CallGoneError),
    ),
    {
      halfOpenAfter: BREAKER.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(BREAKER.consecutiveFailures),
    },
  );
  let openedAt = 0;
  breaker.onStateChange((state) => {
    if (state === CircuitState.Open) openedAt = Date.now();
    const circuit = STATES[state] ?? "isolated";
    setCircuitState(name, circuit);
    log.warn({ provider: name, circuit }, `${name} circuit ${circuit}`);
  });
  setCircuitState(name, "closed");
  // Since its last 429, and until a call gets anything but another: one call at a time probes it.
  let limited = false;
  let coolUntil = 0;
  let probing = false;
  const bulkheads = new Map<number, BulkheadPolicy>();
  return {
    breaker,
    openForMs: () =>
      breaker.state === CircuitState.Open
        ? Math.max(0, openedAt + BREAKER.halfOpenAfterMs - Date.now())
        : 0,
    coolingForMs: () => {
      const left = coolUntil - Date.now();
      if (left > 0) return left;
      return limited && probing ? PROBE_ANSWER_WAIT_MS : 0;
    },
    rateLimited: (ms) => {
      limited = true;
      coolUntil = Math.max(coolUntil, Date.now() + ms);
    },
    calling: () => {
      const probe = limited && !probing;
      if (probe) probing = true;
      return ({ rateLimited }) => {
        if (probe) probing = false;
        if (!rateLimited) limited = false;
      };
    },
    async inSlot(capacity, waitMs, work) {
      let bulkhead = bulkheads.get(capacity);
      if (!bulkhead) bulkheads.set(capacity, (bulkhead = createBulkhead(capacity, 10_000)));
      // A queued wait that gives up is dropped by the bulkhead when its turn comes (aborted signal).
      const giveUp = new AbortController();
      const timer = setTimeout(() => giveUp.abort(new ProviderBusyError(name, capacity)), waitMs);
      const run = bulkhead.execute(() => {
        clearTimeout(timer);
        return work();
      }, giveUp.signal);
      try {
        return await untilAborted(run, giveUp.signal);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
