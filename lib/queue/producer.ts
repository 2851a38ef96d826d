import { type Job, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/env";
import {
  type GalleryJob,
  galleryJobId,
  generationJobId,
  type GenerationJob,
  generationJobSchema,
  JOB_NAMES,
  PRIORITY,
  QUEUES,
} from "./contract";
import { producerConnection } from "./connection";

type GenerationQueue = Queue<GenerationJob | GalleryJob>;

const globalForQueue = globalThis as typeof globalThis & {
  likenessGenerationQueue?: { queue: GenerationQueue; redis: Redis };
};

export const GENERATION_JOB_OPTIONS = {
  /** GENERATION_JOB_ATTEMPTS (3 unless set); read when the queue is made, never at import. */
  get attempts(): number {
    return env().generationJobAttempts;
  },
  // Exponential with jitter, so jobs that failed together do not retry together.
  // Three tries 1 s and 2 s apart (each try already falls over from Fal to Replicate, and Fal's client
  // retries its own 5xx): a person learns of a real outage in about 20 s, not a minute.
  backoff: { type: "exponential", delay: 1_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const;

function producer(): { queue: GenerationQueue; redis: Redis } {
  if (!globalForQueue.likenessGenerationQueue) {
    const redis = producerConnection();
    const queue: GenerationQueue = new Queue(QUEUES.generations, {
      connection: redis,
      defaultJobOptions: GENERATION_JOB_OPTIONS,
    });
    globalForQueue.likenessGenerationQueue = { queue, redis };
  }
  return globalForQueue.likenessGenerationQueue;
}

export function generationQueue(): GenerationQueue {
  return producer().queue;
}

/**
 * Enqueues a generation, or joins the job already in flight for the same request: BullMQ ignores an
 * add whose job id exists, and returns the existing job. A *finished* job with that id (a failure
 * being asked for again, kept for inspection) would swallow the new request the same way, so it goes.
 */
export async function enqueueGeneration(
  data: GenerationJob,
  priority: number,
): Promise<Job<GenerationJob>> {
  const payload = generationJobSchema.parse(data);
  const jobId = generationJobId(payload.requestHash);
  try {
    const queue = generationQueue();
    const previous = await queue.getJob(jobId);
    if (previous && ((await previous.isFailed()) || (await previous.isCompleted()))) {
      await previous.remove();
    }
    return (await queue.add(JOB_NAMES.generate, payload, {
      jobId,
      priority,
    })) as Job<GenerationJob>;
  } catch (error) {
    throw new ApiError(
      "service_unavailable",
      "The generation queue is unavailable. Please try again shortly.",
      { cause: error },
    );
  }
}

/**
 * Queues gallery entries at batch priority, behind every person's request. Entries already queued or
 * running are left alone (same job id); a failed earlier attempt is cleared so the entry is tried again.
 */
export async function enqueueGalleryJobs(indices: readonly number[]): Promise<void> {
  const queue = generationQueue();
  const wanted = new Set(indices.map(galleryJobId));
  for (const job of await queue.getFailed()) {
    if (job?.id && wanted.has(job.id)) await job.remove();
  }
  for (let i = 0; i < indices.length; i += 500) {
    await queue.addBulk(
      indices.slice(i, i + 500).map((index) => ({
        name: JOB_NAMES.gallery,
        data: { index },
        // Nothing to inspect once it is in the gallery, and a kept job would block a later re-seed.
        opts: { jobId: galleryJobId(index), priority: PRIORITY.batch, removeOnComplete: true },
      })),
    );
  }
}

/**
 * 1-based place of a job in line (1 = next to start), 0 once it is running, null when it is not in
 * the queue. Exact and cheap: a rank in BullMQ's prioritized sorted set, after the unprioritized list.
 */
export async function queuePosition(jobId: string): Promise<number | null> {
  const { queue, redis: client } = producer();
  const [rank, waiting, active] = await Promise.all([
    client.zrank(queue.keys.prioritized!, jobId),
    client.llen(queue.keys.wait!),
    client.lpos(queue.keys.active!, jobId),
  ]);
  if (active !== null) return 0;
  return rank === null ? null : waiting + rank + 1;
}

export async function closeGenerationQueue(): Promise<void> {
  const current = globalForQueue.likenessGenerationQueue;
  globalForQueue.likenessGenerationQueue = undefined;
  if (current) {
    await current.queue.close();
    current.redis.disconnect();
  }
}
