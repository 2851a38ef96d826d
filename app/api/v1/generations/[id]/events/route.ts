// GET /api/v1/generations/{id}/events: Server-Sent Events with queue position, progress, and the result or failure.
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { presentGeneration } from "@/lib/generations/present";
import { getGeneration } from "@/lib/generations/repository";
import { generationJobId } from "@/lib/queue/contract";
import { subscribeToJob } from "@/lib/queue/events";
import { generationQueue, queuePosition } from "@/lib/queue/producer";
import { preflight } from "@/lib/api/preflight";

export const dynamic = "force-dynamic";

const POSITION_EVERY_MS = 1_000;
const HEARTBEAT_EVERY_MS = 15_000;

/**
 * Each event carries the whole current state, so a client that reconnects (with or without
 * Last-Event-ID) is whole again after the first event it gets: nothing has to be replayed.
 */
export const GET = withApi<{ id: string }>(async (request, { params }) => {
  const first = await getGeneration(params.id);
  if (!first)
    throw new ApiError("not_found", `No generation with id ${JSON.stringify(params.id)}.`);
  const jobId = generationJobId(first.request_hash);
  const encoder = new TextEncoder();
  let seq = Number(request.headers.get("last-event-id")) || 0;
  let close = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (event: string, data: unknown) => {
        if (open)
          controller.enqueue(
            encoder.encode(`id: ${++seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
          );
      };
      const finishIfDone = async () => {
        const row = await getGeneration(first.id);
        if (!row || (row.status !== "succeeded" && row.status !== "failed")) return false;
        send(row.status, presentGeneration(row, request));
        close();
        return true;
      };
      // BullMQ reports a try that will be retried as "delayed" ("failed" is only the final failure).
      // A job delayed without a failed try is waiting for its owner's running slot: still in line.
      const reportRetry = async () => {
        const job = await generationQueue()
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
            (done) =>
              !done && event.type === "failed" && send("retrying", { reason: event.reason }),
          );
      });
      const positions = setInterval(async () => {
        const position = await queuePosition(jobId).catch(() => null);
        if (position !== null && position > 0) send("queued", { queue_position: position });
      }, POSITION_EVERY_MS);
      const heartbeat = setInterval(
        () => open && controller.enqueue(encoder.encode(": heartbeat\n\n")),
        HEARTBEAT_EVERY_MS,
      );
      close = () => {
        if (!open) return;
        open = false;
        unsubscribe();
        clearInterval(positions);
        clearInterval(heartbeat);
        controller.close();
      };
      request.signal.addEventListener("abort", () => close());
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
    },
    cancel() {
      close();
    },
  });

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});

// CORS preflight for browser apps on other origins (lib/api/cors.ts).
export const OPTIONS = preflight(["GET"]);
