import type { JobsOptions } from "bullmq";
import { z } from "zod";
import { MODEL_IDS } from "@/lib/catalog/models";
import { env } from "@/lib/env";

/**
 * The typed contract between producers (web) and processors (workers), and the only place a queue
 * is described: each queue's Redis name, its job names with one zod schema per payload, and the
 * options its jobs get. `lib/queue/queues.ts` builds every Queue and Worker from this map, so a
 * job name or option never appears anywhere else. Payloads carry ids and parameters, never secrets.
 */

export const generationRequestSchema = z.object({
  prompt: z.string().min(1),
  style: z.string().min(1),
  model: z.enum(MODEL_IDS),
  width: z.number().int(),
  height: z.number().int(),
  seed: z.number().int(),
  steps: z.number().int(),
  format: z.enum(["png", "webp", "jpeg"]),
  generator: z.literal("local").optional(),
});

/**
 * Times the job went back to wait for the database or storage to come back (the worker backs off
 * on it); such waits use none of the job's tries.
 */
const serviceWaits = z.number().int().min(0).optional();

/**
 * Why the job last went back to wait without using a try: the providers asked us to slow down
 * (429), or every one was skipped (circuits open, slots taken). What its failure is called if its
 * deadline passes meanwhile.
 */
const waitingFor = z.enum(["rate_limit", "providers"]).optional();

export const generationJobSchema = z.object({
  generationId: z.uuid(),
  requestHash: z.string().regex(/^[0-9a-f]{64}$/),
  request: generationRequestSchema,
  /** The web request that queued it, so its logs follow it into the worker (lib/observability). */
  requestId: z.string().max(64).optional(),
  /** Who started it, and how many of their jobs may run at once (their tier's concurrent_jobs). */
  owner: z
    .object({ subject: z.string().min(1), concurrentJobs: z.number().int().min(1) })
    .optional(),
  serviceWaits,
  waitingFor,
});
export type GenerationJob = z.infer<typeof generationJobSchema>;

/**
 * One pre-generated gallery avatar, by its index in the deterministic gallery list (lib/gallery/prompts):
 * the worker derives prompt, style and seed from it. Runs on the generations queue at batch priority,
 * through the same providers, so a big seed shares the pipeline but never gets ahead of a person.
 */
export const galleryJobSchema = z.object({
  index: z.number().int().min(0),
  serviceWaits,
  waitingFor,
});
export type GalleryJob = z.infer<typeof galleryJobSchema>;

/** The WebP variants of a stored generation, made after the person already has the original. */
export const variantsJobSchema = z.object({ generationId: z.uuid() });
export type VariantsJob = z.infer<typeof variantsJobSchema>;

/**
 * One webhook delivery (a row of webhook_deliveries): the worker reads the URL, the payload and the
 * key's signing secret from the database, so neither the secret nor the body sits in Redis.
 */
export const webhookJobSchema = z.object({ deliveryId: z.uuid() });
export type WebhookJob = z.infer<typeof webhookJobSchema>;

/** One budget alert (a row of budget_alerts) to POST to ALERT_WEBHOOK_URL. */
export const alertJobSchema = z.object({ alertId: z.uuid() });
export type AlertJob = z.infer<typeof alertJobSchema>;

/** The reconciler's periodic run (workers/reconciler.ts): no payload, it looks at the database. */
export const reconcileJobSchema = z.object({});

/** The budget counters' periodic resync from the spend ledger (lib/spend/sync.ts): no payload. */
export const spendSyncJobSchema = z.object({});

/** BullMQ priorities: lower runs first. Gallery batch work never gets ahead of a person. */
export const PRIORITY = { enterprise: 1, premium: 2, free: 10, anonymous: 15, batch: 50 } as const;
export type PriorityClass = keyof typeof PRIORITY;

/** Tries per webhook delivery, the first included: from 5 s (WEBHOOK_RETRY_BASE_MS), ~10 min in all. */
export const WEBHOOK_ATTEMPTS = 8;

/**
 * Every queue: its Redis name, its jobs (payload schema and per-job options on top of the queue's),
 * and the queue's default job options. Options are functions so that settings from the environment
 * are read when a job is added, never at import.
 */
export const QUEUE_CONTRACT = {
  generations: {
    name: "generations",
    jobs: {
      generate: { schema: generationJobSchema, options: (): JobsOptions => ({}) },
      gallery: {
        schema: galleryJobSchema,
        // Nothing to inspect once it is in the gallery, and a kept job would block a later re-seed.
        options: (): JobsOptions => ({ priority: PRIORITY.batch, removeOnComplete: true }),
      },
    },
    defaults: (): JobsOptions => ({
      attempts: env().generationJobAttempts,
      // Exponential with jitter, so jobs that failed together do not retry together. Each try already
      // falls over from Fal to Replicate, so a person learns of a real outage in seconds, not minutes.
      backoff: { type: "exponential", delay: 1_000, jitter: 0.5 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    }),
  },
  variants: {
    name: "image-variants",
    jobs: { variants: { schema: variantsJobSchema, options: (): JobsOptions => ({}) } },
    defaults: (): JobsOptions => ({
      attempts: 5,
      backoff: { type: "exponential", delay: 1_000 },
      removeOnComplete: { age: 3600, count: 1_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 1_000 },
    }),
  },
  maintenance: {
    name: "maintenance",
    jobs: {
      reconcile: { schema: reconcileJobSchema, options: (): JobsOptions => ({}) },
      "spend-sync": { schema: spendSyncJobSchema, options: (): JobsOptions => ({}) },
    },
    defaults: (): JobsOptions => ({
      // The next scheduled run is the retry.
      attempts: 1,
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 100 },
    }),
  },
  webhooks: {
    name: "webhooks",
    jobs: {
      deliver: { schema: webhookJobSchema, options: (): JobsOptions => ({}) },
      alert: { schema: alertJobSchema, options: (): JobsOptions => ({}) },
    },
    defaults: (): JobsOptions => ({
      attempts: WEBHOOK_ATTEMPTS,
      // Jitter, so the deliveries a receiver's outage failed together do not all retry together.
      backoff: { type: "exponential", delay: env().webhookRetryBaseMs, jitter: 0.2 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    }),
  },
} as const;

type Contract = typeof QUEUE_CONTRACT;
/** A queue, by its key in the contract. */
export type QueueKey = keyof Contract;
export type JobName<Q extends QueueKey> = keyof Contract[Q]["jobs"] & string;
type JobSchema<Q extends QueueKey, N extends JobName<Q>> = Contract[Q]["jobs"][N] extends {
  schema: infer S extends z.ZodType;
}
  ? S
  : never;
export type JobData<Q extends QueueKey, N extends JobName<Q>> = z.infer<JobSchema<Q, N>>;
/** Any payload of a queue (the union over its job names). */
export type QueuePayload<Q extends QueueKey> = { [N in JobName<Q>]: JobData<Q, N> }[JobName<Q>];

export function queueName(key: QueueKey): string {
  return QUEUE_CONTRACT[key].name;
}

/** The payload schema and options of one job name (untyped view, for the factories). */
export function jobSpec(
  key: QueueKey,
  name: string,
): { schema: z.ZodType; options: () => JobsOptions } {
  const spec = (
    QUEUE_CONTRACT[key].jobs as Record<string, { schema: z.ZodType; options: () => JobsOptions }>
  )[name];
  if (!spec) throw new Error(`queue ${key} has no job named ${JSON.stringify(name)}`);
  return spec;
}

/**
 * Identical requests share one job: the id is derived from the cache key. The prefix keeps it from
 * ever looking like an integer, which BullMQ rejects as a custom id.
 */
export function generationJobId(requestHash: string): string {
  return `gen-${requestHash}`;
}

export function galleryJobId(index: number): string {
  return `gallery-${index}`;
}

export function variantsJobId(generationId: string): string {
  return `variants-${generationId}`;
}

export function alertJobId(alertId: string): string {
  return `alert-${alertId}`;
}

/** One job per delivery: a second enqueue of the same delivery joins the job already there. */
export function webhookJobId(deliveryId: string): string {
  return `webhook-${deliveryId}`;
}

/** What `job.updateProgress` reports, and what the events stream relays to the client. */
export interface GenerationProgress {
  stage: "submitted" | "queued" | "generating" | "storing" | "done";
  /** Overall progress of the job, 0..100. */
  percent: number;
  provider?: string;
  /** The provider's own queue position, while it has one. */
  providerQueuePosition?: number;
}

/** What a finished generation job returns (kept small: BullMQ stores it in Redis). */
export interface GenerationJobResult {
  generationId: string;
  provider: string;
}
