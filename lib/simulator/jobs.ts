import type { LocalImageSpec } from "@/lib/providers/local";
import type { SimProvider } from "./faults";

/**
 * One accepted generation. Its state is a pure function of elapsed time against the latency it was
 * submitted with, so polling cadence never changes the outcome and no timers run per job.
 */
export interface SimJob {
  id: string;
  provider: SimProvider;
  /** Fal endpoint (fal-ai/flux/schnell) or Replicate model (black-forest-labs/flux-schnell). */
  model: string;
  input: Record<string, unknown>;
  createdAt: number;
  latencyMs: number;
  hang: boolean;
  malformed: boolean;
  nsfw: boolean;
  /** Jobs in flight ahead of this one at submit: the starting queue position. */
  queueAhead: number;
  canceledAt?: number;
  images: LocalImageSpec[];
  /** One file per image, registered with the ImageStore. */
  fileIds: string[];
}

export type JobPhase =
  | { phase: "queued"; queuePosition: number; since: number }
  | { phase: "running"; fraction: number; since: number }
  | { phase: "done"; at: number }
  | { phase: "canceled"; at: number };

/** The first quarter of a job's latency is spent in the queue, the rest generating. */
const QUEUE_SHARE = 0.25;

export function phaseOf(job: SimJob, now = Date.now()): JobPhase {
  if (job.canceledAt !== undefined) return { phase: "canceled", at: job.canceledAt };
  const elapsed = now - job.createdAt;
  const queueMs = job.latencyMs * QUEUE_SHARE;
  const startedAt = job.createdAt + queueMs;
  if (elapsed < queueMs) {
    const remaining = 1 - elapsed / queueMs;
    return {
      phase: "queued",
      queuePosition: Math.ceil(job.queueAhead * remaining),
      since: job.createdAt,
    };
  }
  if (job.hang) return { phase: "running", fraction: 0.5, since: startedAt };
  if (elapsed < job.latencyMs) {
    const fraction = (elapsed - queueMs) / (job.latencyMs - queueMs);
    return { phase: "running", fraction, since: startedAt };
  }
  return { phase: "done", at: job.createdAt + job.latencyMs };
}

/** Milliseconds until the job finishes, or undefined if it never will (hang, canceled). */
export function remainingMs(job: SimJob, now = Date.now()): number | undefined {
  if (job.hang || job.canceledAt !== undefined) return undefined;
  return Math.max(0, job.createdAt + job.latencyMs - now);
}

const MAX_JOBS = 20_000;

export class JobStore {
  private readonly jobs = new Map<string, SimJob>();

  add(job: SimJob): void {
    this.jobs.set(job.id, job);
    // Insertion order is age order: a long benchmark drops its oldest jobs, never the live ones.
    for (const id of this.jobs.keys()) {
      if (this.jobs.size <= MAX_JOBS) break;
      this.jobs.delete(id);
    }
  }

  get(provider: SimProvider, id: string): SimJob | undefined {
    const job = this.jobs.get(id);
    return job?.provider === provider ? job : undefined;
  }

  /** Unfinished jobs of a provider, hung ones excluded so one hang test does not skew the next. */
  inFlight(provider: SimProvider, now = Date.now()): number {
    let count = 0;
    for (const job of this.jobs.values()) {
      if (job.provider === provider && !job.hang && remainingMs(job, now)) count += 1;
    }
    return count;
  }
}
