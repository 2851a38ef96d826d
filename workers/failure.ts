import { isServiceUnavailable, retryWhileUnavailable } from "@/lib/api/unavailable";
import { failureOf, failureReason, type RowFailureCode } from "@/lib/generations/failure-codes";
import { markFailed } from "@/lib/generations/repository";
import { logger } from "@/lib/observability/log";
import {
  AllProvidersDownError,
  DeadlineExceededError,
  MIN_ATTEMPT_MS,
} from "@/lib/providers/chain";
import { ProviderError } from "@/lib/providers/types";
import { generationJobSchema } from "@/lib/queue/contract";
import { DelayedError, UnrecoverableError } from "@/lib/queue/errors";
import type { ContractJob } from "@/lib/queue/queues";

const log = logger("worker");

type Job = ContractJob<"generations">;

/** How long a worker keeps trying to write a generation's end (and refund) before leaving it to the reconciler. */
const END_WRITE_FOR_MS = 30_000;
/** Waits for an unreachable database or storage: from 1 s, doubling, never more than 10 s apart. */
const SERVICE_WAIT = { firstMs: 1_000, maxMs: 10_000 };

/** A failure BullMQ must not retry, with the row code at the front of its reason. */
export function finalFailure(code: RowFailureCode, message: string): UnrecoverableError {
  return new UnrecoverableError(failureReason(code, message));
}

/**
 * Ends a generation as failed and refunds it (markFailed, once), waiting out a short database outage
 * rather than losing the record: the person must be told, and given their quota back.
 */
export async function endGeneration(
  generationId: string,
  code: RowFailureCode,
  message: string,
): Promise<boolean> {
  return retryWhileUnavailable(() => markFailed(generationId, code, message), {
    forMs: END_WRITE_FOR_MS,
  });
}

export interface FailureContext {
  job: Pick<Job, "attemptsMade" | "opts" | "data" | "moveToDelayed" | "updateData">;
  token?: string;
  /** Epoch ms by which the job must end (image or failure). */
  deadlineAt?: number;
  /** Ends the row, refunding it; absent for gallery jobs, which have none. */
  end?: (code: RowFailureCode, message: string) => Promise<unknown>;
}

/**
 * What BullMQ should do with a failure:
 * - a database or storage outage: wait for it, delayed, without using a try;
 * - a rate limit, or every provider skipped (circuits open, slots taken): wait the time they asked
 *   for, without using a try, unless that would pass the deadline: then providers_busy (or
 *   providers_unavailable), refunded; a job on its last try whose own earlier tries failed does
 *   not wait for circuits that only confirm it;
 * - a permanent refusal: fail at once; a retryable failure: retry with backoff, until the tries or
 *   the deadline run out.
 * The row is ended (and refunded) whenever the failure is final.
 */
export async function jobFailure(error: unknown, ctx: FailureContext): Promise<Error> {
  const message = error instanceof Error ? error.message : String(error);
  const deadlineAt = ctx.deadlineAt ?? Number.POSITIVE_INFINITY;
  const end = async (code: RowFailureCode, text: string) => {
    await ctx.end?.(code, text);
    return finalFailure(code, text);
  };
  if (isServiceUnavailable(error)) return waitForService(ctx, message);
  const busy = (text: string) =>
    end(
      "providers_busy",
      `Every image provider is at capacity and kept refusing until the job's deadline: ${text}`,
    );
  if (error instanceof DeadlineExceededError) {
    // Nothing tried in this run: it is the reason it last waited that ran the clock out.
    const waitedFor = error.tried ? undefined : ctx.job.data.waitingFor;
    if (error.busy || waitedFor === "rate_limit") return busy(message);
    if (!error.tried && waitedFor === undefined) return end("generation_failed", message);
    return end("providers_unavailable", message);
  }
  const lastTry = ctx.job.attemptsMade + 1 >= (ctx.job.opts.attempts ?? 1);
  if (error instanceof AllProvidersDownError && lastTry && ctx.job.attemptsMade > 0) {
    // Its own tries already failed at every provider, and the circuits agree: no need to wait.
    return end("providers_unavailable", `No provider could make the image: ${message}`);
  }
  const rateLimited = error instanceof ProviderError && error.kind === "rate_limited";
  if (rateLimited || error instanceof AllProvidersDownError) {
    const waitMs = Math.round(((error as ProviderError).retryAfterMs ?? 5_000) * jitter());
    // Worth waiting only if a call could still be made after it.
    if (Date.now() + waitMs + MIN_ATTEMPT_MS < deadlineAt) {
      const reason = rateLimited ? "rate_limit" : "providers";
      await ctx.job.updateData({ ...ctx.job.data, waitingFor: reason }).catch(() => undefined);
      return delay(ctx, waitMs);
    }
    return rateLimited ? busy(message) : end("providers_unavailable", message);
  }
  if (error instanceof ProviderError && error.flagged) {
    // Fal and Replicate refuse flagged output themselves: the same answer as a result marked nsfw.
    return end("content_flagged", "The provider flagged the image as unsafe.");
  }
  if (error instanceof ProviderError && error.kind === "permanent") {
    return end("provider_rejected", message);
  }
  // BullMQ's next try comes after 1 s, 2 s, 4 s, … (lib/queue/contract.ts).
  const nextTryAt = Date.now() + 1_000 * 2 ** ctx.job.attemptsMade;
  if (lastTry || nextTryAt >= deadlineAt) {
    return end("providers_unavailable", `No provider could make the image: ${message}`);
  }
  return error instanceof Error ? error : new Error(message);
}

function jitter(): number {
  return 1 + Math.random() * 0.2;
}

async function delay(ctx: FailureContext, ms: number): Promise<Error> {
  await ctx.job.moveToDelayed(Date.now() + ms, ctx.token);
  return new DelayedError();
}

/** Back to the delayed set until the service is back, without using a try, backing off. */
async function waitForService(ctx: FailureContext, message: string): Promise<Error> {
  const waits = (ctx.job.data.serviceWaits ?? 0) + 1;
  await ctx.job.updateData({ ...ctx.job.data, serviceWaits: waits }).catch(() => undefined);
  const ms = Math.min(SERVICE_WAIT.firstMs * 2 ** (waits - 1), SERVICE_WAIT.maxMs) * jitter();
  log.warn({ err: message, waitMs: Math.round(ms), waits }, "a service is down; the job waits");
  return delay(ctx, ms);
}

/**
 * BullMQ can fail a job without our processor seeing it: a job that stalled more often than
 * maxStalledCount (its workers kept dying) is moved to failed directly. Any final failure must still
 * end the row, or it would read "running" forever; while the database is down this keeps trying for
 * a while, and the reconciler ends whatever it could not. markFailed leaves ended rows alone, so a
 * failure the processor already recorded is not recorded twice.
 */
export async function recordFinalFailure(
  job: Job | undefined,
  error: Error,
  onEnded?: (generationId: string) => Promise<unknown>,
): Promise<void> {
  if (!job) return;
  const final =
    error instanceof UnrecoverableError ||
    /stalled more than allowable limit/i.test(error.message) ||
    job.attemptsMade >= (job.opts.attempts ?? 1);
  if (!final) return;
  const { generationId } = generationJobSchema.pick({ generationId: true }).parse(job.data);
  const { code, message } = failureOf(error.message);
  await endGeneration(generationId, code, message).catch((e: Error) =>
    log.warn(
      { jobId: job.id, err: e.message },
      "could not record the failure; the reconciler will end the row",
    ),
  );
  await onEnded?.(generationId).catch(() => undefined);
}
