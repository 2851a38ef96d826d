import type { Job, Worker } from "bullmq";
import { type Lane, observeJobRun, recordStalled } from "@/lib/observability/metrics";
import { PRIORITY, type PriorityClass, type QueueKey, queueName } from "./contract";

const LANE_OF = new Map<number, Lane>(
  (Object.entries(PRIORITY) as [PriorityClass, number][]).map(([lane, p]) => [p, lane]),
);

/** The lane a job waited in: its priority class, "none" without a priority, else "other". */
export function laneOf(priority: number | undefined): Lane | "none" {
  if (!priority) return "none";
  return LANE_OF.get(priority) ?? "other";
}

/**
 * Counts every run of a worker's jobs: wait (added → started; for a retry, from when it was first
 * added) and run (started → ended) times by lane, and completed, failed and stalled runs. Attached
 * by lib/queue/queues.ts to every Worker it builds, so a new queue is measured by itself.
 */
export function instrumentWorker(key: QueueKey, worker: Worker): void {
  const queue = queueName(key);
  const observe = (job: Job | undefined, result: "completed" | "failed") => {
    if (!job) return;
    observeJobRun(
      {
        queue,
        lane: laneOf(job.opts.priority),
        addedAt: job.timestamp,
        startedAt: job.processedOn,
        endedAt: job.finishedOn,
      },
      result,
    );
  };
  worker.on("completed", (job) => observe(job, "completed"));
  worker.on("failed", (job) => observe(job, "failed"));
  worker.on("stalled", () => recordStalled(queue));
}
