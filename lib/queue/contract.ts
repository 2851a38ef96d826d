import { z } from "zod";
import { MODEL_IDS } from "@/lib/catalog/models";

/**
 * The typed contract between producers (web) and processors (workers): queue names, one zod schema
 * per payload, and the map from one to the other. Payloads carry ids and parameters, never secrets.
 */
export const QUEUES = {
  generations: "generations",
  variants: "image-variants",
  webhooks: "webhooks",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const generationRequestSchema = z.object({
  prompt: z.string().min(1),
  style: z.string().min(1),
  model: z.enum(MODEL_IDS),
  width: z.number().int(),
  height: z.number().int(),
  seed: z.number().int(),
  steps: z.number().int(),
  format: z.enum(["png", "webp", "jpeg"]),
});

export const generationJobSchema = z.object({
  generationId: z.uuid(),
  requestHash: z.string().regex(/^[0-9a-f]{64}$/),
  request: generationRequestSchema,
  /** Who started it, and how many of their jobs may run at once (their tier's concurrent_jobs). */
  owner: z
    .object({ subject: z.string().min(1), concurrentJobs: z.number().int().min(1) })
    .optional(),
});

export type GenerationJob = z.infer<typeof generationJobSchema>;

/**
 * One pre-generated gallery avatar, by its index in the deterministic gallery list (lib/gallery/prompts):
 * the worker derives prompt, style and seed from it. Runs on the generations queue at batch priority,
 * through the same providers, so a big seed shares the pipeline but never gets ahead of a person.
 */
export const galleryJobSchema = z.object({ index: z.number().int().min(0) });
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

/** Job names on the generations queue; the worker dispatches on them. */
export const JOB_NAMES = { generate: "generate", gallery: "gallery" } as const;

export interface QueuePayloads {
  [QUEUES.generations]: GenerationJob | GalleryJob;
  [QUEUES.variants]: VariantsJob;
  [QUEUES.webhooks]: WebhookJob;
}

/** BullMQ priorities: lower runs first. Gallery batch work never gets ahead of a person. */
export const PRIORITY = { enterprise: 1, premium: 2, free: 10, anonymous: 15, batch: 50 } as const;
export type PriorityClass = keyof typeof PRIORITY;

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
