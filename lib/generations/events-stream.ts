import { eventStream } from "@/lib/api/sse";
import { generationJobId } from "@/lib/queue/contract";
import { subscribeToJob } from "@/lib/queue/events";
import { finalFailureOf, queuePosition } from "@/lib/queue/producer";
import { queue } from "@/lib/queue/queues";
import { failureOf } from "./failure-codes";
import { presentGeneration } from "./present";
import { type GenerationRow, getGeneration } from "./repository";

const POSITION_EVERY_MS = 1_000;
/**
 * Events are the fast path; this read of the row is the safety net for an end no event announced:
 * one the reconciler recorded, or one written after the database came back. One primary-key read
 * per open stream per interval.
 */
const ROW_CHECK_EVERY_MS = 2_000;

/**
 * A generation's Server-Sent Events: `queued` (with the queue position), `progress`, `retrying`,
 * then `succeeded` or `failed` with the whole generation, and the stream ends. Each event carries
 * the whole current state, so a client that reconnects (with or without Last-Event-ID) is whole
 * again after the first event it gets: nothing has to be replayed.
 */
export function generationEvents(
  request: Request,
  first: GenerationRow,
): ReadableStream<Uint8Array> {
  const jobId = generationJobId(first.request_hash);
  let seq = Number(request.headers.get("last-event-id")) || 0;
  return eventStream(request, (sink) => {
    const send = (event: string, data: unknown) => sink.open && sink.send(event, data, ++seq);
    const finish = (row: GenerationRow) => {
      send(row.status, presentGeneration(row, request));
      sink.close();
      return true;
    };
    // While the database is unreachable the row cannot be read: the stream stays, and looks again.
    const finishIfDone = async () => {
      const row = await getGeneration(first.id).catch(() => undefined);
      if (!row || (row.status !== "succeeded" && row.status !== "failed")) return false;
      return finish(row);
    };
    /**
     * The job failed for good: the row says so too, unless it could not be written (the database was
     * down); then the job's own reason is the answer, and the reconciler records it on the row.
     */
    const finishFailed = async () => {
      if (await finishIfDone()) return true;
      const reason = await finalFailureOf(jobId).catch(() => null);
      if (reason === null) return false;
      const { code, message } = failureOf(reason);
      return finish({
        ...first,
        status: "failed",
        error_code: code,
        error_message: message,
        completed_at: new Date(),
      });
    };
    // BullMQ reports a try that will be retried as "delayed" ("failed" is only the final failure).
    // A job delayed without a failed try is waiting for its owner's running slot: still in line.
    const reportRetry = async () => {
      const job = await queue("generations")
        .getJob(jobId)
        .catch(() => undefined);
      if (!job || job.attemptsMade === 0 || !(await job.isDelayed().catch(() => false))) return;
      send("retrying", {
        reason: "The image service failed on that try; trying again.",
        attempt: job.attemptsMade + 1,
        attempts: job.opts.attempts ?? 1,
      });
    };
    const unsubscribe = subscribeToJob(jobId, (event) => {
      if (event.type === "progress") {
        send("progress", event.data);
        // The row is recorded before "done" is reported: answer now, not a Redis round trip later
        // when BullMQ's "completed" arrives.
        if ((event.data as { stage?: string } | undefined)?.stage === "done") void finishIfDone();
      } else if (event.type === "active") send("progress", { stage: "submitted", percent: 5 });
      else if (event.type === "delayed") void reportRetry();
      else if (event.type === "failed") {
        // "failed" may be one attempt of several: the row (or the job) says whether it is final.
        void finishFailed().then((done) => !done && send("retrying", { reason: event.reason }));
      } else void finishIfDone();
    });
    const positions = setInterval(async () => {
      const position = await queuePosition(jobId).catch(() => null);
      if (position !== null && position > 0) send("queued", { queue_position: position });
    }, POSITION_EVERY_MS);
    const rowChecks = setInterval(() => void finishFailed(), ROW_CHECK_EVERY_MS);
    // Subscribed first, then checked: a job that finished in between is still reported.
    void finishIfDone().then(async (done) => {
      if (done) return;
      send("queued", {
        ...presentGeneration(first, request),
        queue_position: await queuePosition(jobId).catch(() => null),
      });
      // Connected between two tries: say so now rather than at the next one.
      await reportRetry();
    });
    return () => {
      unsubscribe();
      clearInterval(positions);
      clearInterval(rowChecks);
    };
  });
}
