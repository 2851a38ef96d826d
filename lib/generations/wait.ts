import { ApiError } from "@/lib/api/errors";
import { isServiceUnavailable } from "@/lib/api/unavailable";
import { syncWaitMs } from "@/lib/catalog/deadlines";
import { DEFAULT_MODEL, isModelId } from "@/lib/catalog/models";
import { env } from "@/lib/env";
import { generationJobId } from "@/lib/queue/contract";
import { subscribeToJob } from "@/lib/queue/events";
import { finalFailureOf } from "@/lib/queue/producer";
import { apiErrorCodeOf, failureOf } from "./failure-codes";
import { type GenerationRow, getGeneration } from "./repository";

/**
 * How long the synchronous dialects (OpenAI images, Pollinations URLs) wait for an image by default:
 * above the job's deadline (lib/catalog/deadlines.ts), so they answer with the image or the failure.
 */
export function syncWaitFor(row: Pick<GenerationRow, "model">): number {
  return syncWaitMs(isModelId(row.model) ? row.model : DEFAULT_MODEL, env().generationJobAttempts);
}

/**
 * Events are the fast path; this poll is the safety net for an event missed while the shared
 * QueueEvents reader reconnected. Cheap: one primary-key read per waiting request per interval.
 */
const POLL_MS = 2_000;

export interface WaitOptions {
  timeoutMs?: number;
  /** The client went away: stop waiting (the job goes on, and its image lands in the cache). */
  signal?: AbortSignal;
}

function ended(row: GenerationRow): boolean {
  return row.status === "succeeded" || row.status === "failed";
}

/**
 * Resolves with the row once its generation has succeeded or failed, for the dialects that answer
 * with the image itself. Subscribes before it first reads the row, so an end in between is not missed.
 * Throws `generation_timeout` (with the id to follow) when the image is not ready in time.
 */
export async function waitForGeneration(
  row: GenerationRow,
  options: WaitOptions = {},
): Promise<GenerationRow> {
  if (ended(row)) return row;
  const timeoutMs = options.timeoutMs ?? syncWaitFor(row);
  return new Promise<GenerationRow>((resolve, reject) => {
    let settled = false;
    let checking = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      clearInterval(poll);
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      outcome();
    };
    const check = async (jobFailed = false) => {
      if (settled || checking) return;
      checking = true;
      try {
        const current = await getGeneration(row.id).catch((error: unknown) => {
          // The database is down for a moment: keep waiting (the job waits for it too).
          if (isServiceUnavailable(error)) return undefined;
          throw error;
        });
        if (current === null)
          finish(() => reject(new ApiError("not_found", "The generation was deleted.")));
        else if (current && ended(current)) finish(() => resolve(current));
        else if (jobFailed) {
          // Failed for good, but the row could not be written (or read) just now: the job says why.
          const reason = await finalFailureOf(generationJobId(row.request_hash));
          if (reason !== null) {
            const { code, message } = failureOf(reason);
            const failed = { ...row, status: "failed" as const, error_code: code };
            finish(() => resolve({ ...failed, error_message: message }));
          }
        }
      } catch (error) {
        finish(() => reject(error));
      } finally {
        checking = false;
      }
    };
    const onAbort = () =>
      finish(() => reject(new ApiError("bad_request", "The client closed the request.")));
    const unsubscribe = subscribeToJob(generationJobId(row.request_hash), (event) => {
      const done =
        event.type === "progress" && (event.data as { stage?: string })?.stage === "done";
      if (done || event.type === "completed") void check();
      if (event.type === "failed") void check(true);
    });
    const poll = setInterval(() => void check(), POLL_MS);
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new ApiError(
              "generation_timeout",
              `The image was not ready within ${Math.round(timeoutMs / 1000)} s. It is still being made; follow it at /api/v1/generations/${row.id}, or repeat this request later to get it from the cache.`,
              { details: { id: row.id, status_url: `/api/v1/generations/${row.id}` } },
            ),
          ),
        ),
      timeoutMs,
    );
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort);
    void check();
  });
}

/** A failed row as the error to answer with; nothing was charged for it (the worker refunded it). */
export function generationFailure(row: GenerationRow): ApiError {
  const code = apiErrorCodeOf(row.error_code);
  const retryLater = code === "providers_unavailable" || code === "providers_busy";
  return new ApiError(code, row.error_message ?? "The generation failed.", {
    details: { id: row.id, reason: row.error_code },
    headers: retryLater ? { "Retry-After": "30" } : {},
  });
}

/** The succeeded row for a request, waiting for it if needed; a failure is thrown as its API error. */
export async function succeededGeneration(
  row: GenerationRow,
  options: WaitOptions = {},
): Promise<GenerationRow> {
  const final = await waitForGeneration(row, options);
  if (final.status !== "succeeded" || !final.object_keys) throw generationFailure(final);
  return final;
}
