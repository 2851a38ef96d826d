import { type Job, Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import { generationJobId, type GenerationJob, generationJobSchema, QUEUES } from "./contract";
import { producerConnection } from "./connection";

const globalForQueue = globalThis as typeof globalThis & {
  likenessGenerationQueue?: Queue<GenerationJob>;
};

export const GENERATION_JOB_OPTIONS = {
  attempts: 5,
  // Exponential with jitter, so jobs that failed together do not retry together.
  backoff: { type: "exponential", delay: 2_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const;

export function generationQueue(): Queue<GenerationJob> {
  globalForQueue.likenessGenerationQueue ??= new Queue<GenerationJob>(QUEUES.generations, {
    connection: producerConnection(),
    defaultJobOptions: GENERATION_JOB_OPTIONS,
  });
  return globalForQueue.likenessGenerationQueue;
}

/**
 * Enqueues a generation, or joins the job already in flight for the same request: BullMQ ignores an
 * add whose job id exists, and returns the existing job.
 */
export async function enqueueGeneration(
  data: GenerationJob,
  priority: number,
): Promise<Job<GenerationJob>> {
  const payload = generationJobSchema.parse(data);
  try {
    return await generationQueue().add("generate", payload, {
      jobId: generationJobId(payload.requestHash),
      priority,
    });
  } catch (error) {
    throw new ApiError(
      "service_unavailable",
      "The generation queue is unavailable. Please try again shortly.",
      {
        cause: error,
      },
    );
  }
}
