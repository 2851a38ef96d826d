import { randomInt } from "node:crypto";
import type { FaultState, SimProvider } from "./faults";
import type { ImageStore } from "./files";
import type { JobStore, SimJob } from "./jobs";

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
  const job: SimJob = {
    ...fields,
    provider,
    createdAt: Date.now(),
    latencyMs,
    hang: faults.hang === true,
    malformed: faults.malformed === true,
    nsfw: faults.nsfw === true,
    queueAhead: ctx.jobs.inFlight(provider),
    fileIds: fields.images.map((spec) => ctx.images.register(spec)),
  };
  ctx.jobs.add(job);
  return job;
}
