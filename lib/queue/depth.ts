import { type Lane, type QueueSnapshot, setQueueSnapshotSource } from "@/lib/observability/metrics";
import { PRIORITY, type PriorityClass, QUEUE_CONTRACT, type QueueKey, queueName } from "./contract";
import { queue } from "./queues";

/**
 * What the queues hold right now, for the metrics gauges and the admin page: every queue of the
 * contract (a new one appears by itself) with its jobs per state, and the generation queue's
 * waiting jobs per lane. A handful of Redis round trips, whatever the queues' length.
 */

/** BullMQ states reported. Jobs with a priority (every tier's) wait in "prioritized", not "waiting". */
const STATES = ["waiting", "prioritized", "active", "delayed", "failed", "completed", "paused"];

/** A scrape must not hang on a Redis that accepts connections but does not answer. */
const READ_TIMEOUT_MS = 2_000;

const LANES = Object.entries(PRIORITY) as [PriorityClass, number][];

export async function queueSnapshots(): Promise<QueueSnapshot[]> {
  const keys = Object.keys(QUEUE_CONTRACT) as QueueKey[];
  return withTimeout(Promise.all(keys.map(snapshotOf)), READ_TIMEOUT_MS);
}

async function snapshotOf(key: QueueKey): Promise<QueueSnapshot> {
  const q = queue(key);
  const counts = await q.getJobCounts(...(STATES as Parameters<typeof q.getJobCounts>));
  const states = Object.fromEntries(STATES.map((s) => [s, counts[s] ?? 0]));
  if (key !== "generations") return { queue: queueName(key), states };
  // Jobs without a priority, and tiers given a priority that is not one of ours, wait in "other".
  const perPriority = await q.getCountsPerPriority(LANES.map(([, p]) => p));
  const lanes: Partial<Record<Lane, number>> = {};
  let known = 0;
  for (const [lane, priority] of LANES) {
    lanes[lane] = perPriority[String(priority)] ?? 0;
    known += lanes[lane];
  }
  lanes.other = Math.max(0, states.waiting! + states.prioritized! - known);
  return { queue: queueName(key), states, lanes };
}

/** Makes this process report the queue gauges on its /metrics (the web process does). */
export function reportQueueDepth(): void {
  setQueueSnapshotSource(queueSnapshots);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
