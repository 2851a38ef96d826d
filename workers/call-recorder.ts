import { setTimeout as sleep } from "node:timers/promises";
import { retryWhileUnavailable } from "@/lib/api/unavailable";
import { type CallOwner, recordCallEvent } from "@/lib/generations/provider-calls";
import { logger } from "@/lib/observability/log";
import type { CallEvent } from "@/lib/providers/calls";
import { countSpend } from "@/lib/spend/record";

const log = logger("worker");

/** How long one call record waits out a database outage before it is given up (and logged). */
const RECORD_FOR_MS = 20_000;

/**
 * Writes the life of every provider call of one job to provider_calls, in the background: a call is
 * never held up by its own bookkeeping (the provider works on regardless), and a short database
 * outage is waited out rather than losing the record a retry needs to resume the call. Writes of one
 * call land in order. A call's cost, once the ledger has it, counts against the budgets. The local
 * generator costs nothing and has nothing to resume: not recorded.
 */
export function callRecorder(owner: CallOwner) {
  const writes = new Map<string, Promise<void>>();
  return {
    onCall(event: CallEvent): void {
      if (event.provider === "local") return;
      const previous = writes.get(event.id) ?? Promise.resolve();
      const write = async () => {
        const recorded = await retryWhileUnavailable(() => recordCallEvent(event, owner), {
          forMs: RECORD_FOR_MS,
        });
        // Counted against the budgets once, by the write that ended the call.
        if (recorded.endedNow && recorded.costUsd) {
          await countSpend(recorded.costUsd, recorded.accountId, event);
        }
      };
      writes.set(
        event.id,
        previous
          .then(write)
          .catch((error: Error) =>
            log.warn(
              { callId: event.id, phase: event.phase, err: error.message },
              "could not record a provider call",
            ),
          ),
      );
    },
    /** Waits for every write so far to land or be given up, `maxMs` at most. */
    async flush(maxMs = RECORD_FOR_MS): Promise<void> {
      const timeout = new AbortController();
      await Promise.race([
        Promise.all(writes.values()),
        sleep(maxMs, undefined, { signal: timeout.signal }).catch(() => undefined),
      ]);
      timeout.abort();
    },
  };
}
