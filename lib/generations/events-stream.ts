import { eventStream } from "@/lib/api/sse";
import { generationJobId } from "@/lib/queue/contract";
import { subscribeToJob } from "@/lib/queue/events";
import { queuePosition } from "@/lib/queue/producer";
import { queue } from "@/lib/queue/queues";
import { presentGeneration } from "./present";
import { type GenerationRow, getGeneration } from "./repository";

const POSITION_EVERY_MS = 1_000;

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
    const send = (event: string, data: unknown) => sink.send(event, data, ++seq);
    const finishIfDone = async () => {
      const row = await getGeneration(first.id);
      if (!row || (row.status !== "succeeded" && row.status !== "failed")) return false;
      send(row.status, presentGeneration(row, request));
      sink.close();
      return true;
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
      // "failed" may be one attempt of several: the row says whether it is final.
      else
        void finishIfDone().then(
          (done) => !done && event.type === "failed" && send("retrying", { reason: event.reason }),
        );
    });
    const positions = setInterval(async () => {
      const position = await queuePosition(jobId).catch(() => null);
      if (position !== null && position > 0) send("queued", { queue_position: position });
    }, POSITION_EVERY_MS);
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
    };
  });
}
