import { type Job, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { ApiError } from "@/lib/api/errors";
import { generationJobId, type GenerationJob, generationJobSchema, QUEUES } from "./contract";
import { producerConnection } from "./connection";

const globalForQueue = globalThis as typeof globalThis & {
  likenessGenerationQueue?: { queue: Queue<GenerationJob>; redis: Redis };
};

export const GENERATION_JOB_OPTIONS = {
  attempts: 5,
  // Exponential with jitter, so jobs that failed together do not retry together.
  backoff: { type: "exponential", delay: 2_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const;

function producer(): { queue: Queue<GenerationJob>; redis: Redis } {
  if (!globalForQueue.likenessGenerationQueue) {
    const redis = producerConnection();
    const queue = new Queue<GenerationJob>(QUEUES.generations, {
      connection: redis,
      defaultJobOptions: GENERATION_JOB_OPTIONS,
    });
    globalForQueue.likenessGenerationQueue = { queue, redis };
  }
  return globalForQueue.likenessGenerationQueue;
}

export function generationQueue(): Queue<GenerationJob> {
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
    return await queue.add("generate", payload, { jobId, priority });
  } catch (error) {
    throw new ApiError(
      "service_unavailable",
      "The generation queue is unavailable. Please try again shortly.",
      { cause: error },
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
