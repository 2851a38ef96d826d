import { randomInt } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { FaultState, SimProvider } from "./faults";
import type { ImageStore } from "./files";
import { hold } from "./http";
import { type JobStore, remainingMs, type SimJob } from "./jobs";

export interface SimCounts {
  /** Submit requests received, including ones answered with an injected error. */
  submits: number;
  /** Status polls: Fal's …/status, Replicate's GET /v1/predictions/{id}. */
  polls: number;
  /** Responses that carried (or were asked for) a finished result. */
  results: number;
  cancels: number;
}

/** Everything the protocol handlers share; one per simulator instance. */
export interface SimContext {
  faults: Record<SimProvider, FaultState>;
  counts: Record<SimProvider, SimCounts>;
  jobs: JobStore;
  images: ImageStore;
  /** Cancellers of held requests, so close() does not wait out a 60 s Prefer: wait. */
  holds: Set<() => void>;
}

export const emptyCounts = (): SimCounts => ({ submits: 0, polls: 0, results: 0, cancels: 0 });

/** FLUX seeds are unsigned 32-bit; "no seed" means the model picks one. */
export const randomSeed = (): number => randomInt(0, 2 ** 32 - 1);

/** Requests without credentials, or with the literal key "invalid", get the provider's 401. */
export function credentialOf(header: string | undefined, scheme: "Key" | "Bearer") {
  const match = new RegExp(`^${scheme}\\s+(\\S+)$`, "i").exec(header ?? "");
  return match?.[1] !== undefined && match[1] !== "invalid" ? match[1] : undefined;
}

/** Records an accepted submit as a job, snapshotting the provider's latency and job-level faults. */
export function acceptJob(
  ctx: SimContext,
  provider: SimProvider,
  fields: Pick<SimJob, "id" | "model" | "input" | "images">,
): SimJob {
  const { faults, latencyMs } = ctx.faults[provider];
  const { maxConcurrent } = faults;
  const job: SimJob = {
    ...fields,
    provider,
    createdAt: Date.now(),
    latencyMs,
    hang: faults.hang === true,
    malformed: faults.malformed === true,
    nsfw: faults.nsfw === true,
    // Under a cap, the place in the slot line is the queue position (see JobStore).
    queueAhead: maxConcurrent === undefined ? ctx.jobs.inFlight(provider) : 0,
    ...(maxConcurrent === undefined ? {} : { maxConcurrent }),
    fileIds: fields.images.map((spec) => ctx.images.register(spec)),
  };
  ctx.jobs.add(job);
  return job;
}

/**
 * Holds a request (fal.run, Replicate's Prefer: wait) until the job finishes or `budgetMs` runs out;
 * false if the client left first. A job still waiting for a slot is looked at again as slots free.
 */
export async function holdUntilDone(
  ctx: SimContext,
  job: SimJob,
  budgetMs: number,
  res: ServerResponse,
): Promise<boolean> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    ctx.jobs.advance(job.provider);
    const left = deadline - Date.now();
    const remaining = remainingMs(job);
    if (remaining === 0 || left <= 0) return true;
    if (!(await hold(Math.min(remaining ?? left, left), res, ctx.holds))) return false;
  }
}

/** Never answers: holds the request until the client leaves (or the simulator closes). */
export async function holdForever(ctx: SimContext, res: ServerResponse): Promise<void> {
  await hold(86_400_000, res, ctx.holds);
  if (!res.writableEnded) res.destroy();
}
