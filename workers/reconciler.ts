import { getGeneration } from "@/lib/generations/repository";
import { unfinishedGenerations, type UnfinishedGeneration } from "@/lib/generations/reconcile";
import { logger } from "@/lib/observability/log";
import { generationJobId, PRIORITY } from "@/lib/queue/contract";
import { enqueueGeneration } from "@/lib/queue/producer";
import { queue } from "@/lib/queue/queues";
import { failureOf } from "@/lib/generations/failure-codes";
import { endGeneration } from "./failure";

const log = logger("reconciler");

/** A lost job is queued again only if this much of its deadline is left: enough for one provider call. */
const REQUEUE_IF_LEFT_MS = 10_000;
/** Job states in which BullMQ will still run (or is running) the job: nothing to reconcile. */
const ALIVE = new Set(["waiting", "prioritized", "delayed", "active", "waiting-children"]);

export interface ReconcileSummary {
  checked: number;
  requeued: number;
  ended: number;
}

/**
 * Postgres is the record of what each customer was promised; the queue only holds the work. This
 * finds generations still queued or running (for longer than `afterMs`) whose job the queue no
 * longer holds, or holds as failed, and settles each:
 * - its job failed for good but the row could not be written then (a database outage): the row ends
 *   with the job's failure, refunded;
 * - its job is gone (a request answered 503 before its job was added, Redis lost it): queued again
 *   under the same job id while someone is owed the image and its deadline allows, else ended as
 *   generation_lost, refunded.
 * Safe with several workers: the maintenance queue's scheduler hands each run to one of them, and
 * every step is idempotent (the same job id joins a job already added; markFailed ends a row once).
 */
export function reconcilerProcessor(deps: {
  afterMs: number;
  onEnded?: (generationId: string) => Promise<unknown>;
}) {
  return async (): Promise<ReconcileSummary> => {
    const summary: ReconcileSummary = { checked: 0, requeued: 0, ended: 0 };
    for (const row of await unfinishedGenerations(deps.afterMs)) {
      summary.checked++;
      const outcome = await settle(row).catch((error: Error) => {
        log.warn({ generationId: row.id, err: error.message }, "could not reconcile a generation");
        return "alive" as const;
      });
      if (outcome === "requeued") summary.requeued++;
      if (outcome === "ended") {
        summary.ended++;
        await deps.onEnded?.(row.id).catch(() => undefined);
      }
    }
    if (summary.requeued + summary.ended > 0) log.info(summary, "reconciled generations");
    return summary;
  };
}

async function settle(row: UnfinishedGeneration): Promise<"alive" | "requeued" | "ended"> {
  const jobId = generationJobId(row.request_hash);
  const generations = queue("generations");
  const state = await generations.getJobState(jobId);
  if (ALIVE.has(state)) return "alive";
  // The job may have ended the row between the listing and now.
  const current = await getGeneration(row.id);
  if (current?.status !== "queued" && current?.status !== "running") return "alive";

  if (state === "failed") {
    const job = await generations.getJob(jobId);
    const { code, message } = failureOf(job?.failedReason);
    return (await endGeneration(row.id, code, message)) ? "ended" : "alive";
  }
  const left = row.deadline_at ? new Date(row.deadline_at).getTime() - Date.now() : Infinity;
  if (row.owed && left > REQUEUE_IF_LEFT_MS) {
    // It has waited already: ahead of fresh free work. Same job id, so a job added meanwhile is joined.
    await enqueueGeneration(
      { generationId: row.id, requestHash: row.request_hash, request: row.params },
      PRIORITY.premium,
    );
    log.warn({ generationId: row.id, jobId, state }, "generation had lost its job; queued again");
    return "requeued";
  }
  const message = row.owed
    ? "The job making this generation was lost and its deadline passed before it could be made again. Nothing was charged."
    : "The request that started this generation was refused before its job was queued. Nothing was charged.";
  return (await endGeneration(row.id, "generation_lost", message)) ? "ended" : "alive";
}
