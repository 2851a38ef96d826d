import { MODELS, type ModelId } from "./models";

/**
 * How long each part of a generation may take, all derived from the model's typical latency, so that a
 * provider that hangs on FLUX schnell (~2 s) is given up on in seconds, while FLUX dev (~8 s) is not
 * mistaken for a hang. Nested, innermost first:
 *
 *   provider attempt  <  job (every attempt of every try, the backoffs between, storing)  <  sync wait
 *
 * so that a job always ends, image or failure, before anything waiting for it gives up.
 */

/** A provider attempt may take this many times the model's typical latency... */
const ATTEMPT_FACTOR = 3;
/** ...but never less: a cold provider takes a few seconds for any model. */
const ATTEMPT_FLOOR_MS = 5_000;
/** Each try asks every provider in turn (Fal, then Replicate). */
const PROVIDERS_PER_TRY = 2;
/** BullMQ's backoff between tries starts at 1 s and doubles, with up to 50% jitter (lib/queue). */
const FIRST_BACKOFF_MS = 1_000;
const BACKOFF_JITTER = 0.5;
/** Downloading, checking and storing the image once a provider made it. */
const STORE_ALLOWANCE_MS = 10_000;
/** What a synchronous caller may spend in the queue before a worker starts its job. */
const QUEUE_ALLOWANCE_MS = 30_000;

/**
 * How long one provider call may run before it counts as hung: what the provider reports as time in
 * its own queue comes on top (lib/providers), up to the job's deadline.
 */
export function attemptDeadlineMs(model: ModelId): number {
  return Math.max(ATTEMPT_FLOOR_MS, ATTEMPT_FACTOR * MODELS[model].typicalMs);
}

/**
 * From a worker's first start of the job to its end: every attempt of every try timing out, the
 * backoffs between tries, and storing. Past it the job fails (providers_busy when the providers were
 * only refusing for load) and is refunded.
 */
export function jobDeadlineMs(model: ModelId, tries: number): number {
  let backoff = 0;
  for (let i = 0; i < tries - 1; i++) backoff += FIRST_BACKOFF_MS * 2 ** i * (1 + BACKOFF_JITTER);
  return tries * PROVIDERS_PER_TRY * attemptDeadlineMs(model) + backoff + STORE_ALLOWANCE_MS;
}

/**
 * How long the synchronous dialects (OpenAI images, Pollinations URLs) wait for an image: above the
 * job's deadline, so they answer with the image or the failure rather than a timeout.
 */
export function syncWaitMs(model: ModelId, tries: number): number {
  return jobDeadlineMs(model, tries) + QUEUE_ALLOWANCE_MS;
}
