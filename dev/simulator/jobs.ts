import type { LocalImageSpec } from "@/lib/providers/local";
import type { SimProvider } from "./faults";

/**
 * One accepted generation. Its state is a pure function of elapsed time against the latency it was
 * submitted with, so polling cadence never changes the outcome and no timers run per job. Under a
 * concurrency cap (maxConcurrent) the clock starts at the job's slot time instead, which the JobStore
 * works out exactly (see JobStore.advance).
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
  /** Jobs in flight ahead of this one at submit: the starting queue position (0 under a cap). */
  queueAhead: number;
  /** The provider's maxConcurrent at submit; unset: the job's clock starts at submit. */
  maxConcurrent?: number;
  /** Under a cap, when the job got a slot and its clock started; unset while it waits for one. */
  startedAt?: number;
  /** While it waits for a slot: how many jobs wait ahead of it (0 = the next to get one). */
  linePosition?: number;
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

/** Where the job's latency clock starts: at submit, or under a cap when it gets a slot. */
export function clockStart(job: SimJob): number | undefined {
  return job.maxConcurrent === undefined ? job.createdAt : job.startedAt;
}

export function phaseOf(job: SimJob, now = Date.now()): JobPhase {
  if (job.canceledAt !== undefined) return { phase: "canceled", at: job.canceledAt };
  const start = clockStart(job);
  if (start === undefined) {
    return { phase: "queued", queuePosition: job.linePosition ?? 0, since: job.createdAt };
  }
  const elapsed = now - start;
  const queueMs = job.latencyMs * QUEUE_SHARE;
  const generatingAt = start + queueMs;
  if (elapsed < queueMs) {
    const remaining = 1 - elapsed / queueMs;
    return {
      phase: "queued",
      queuePosition: Math.ceil(job.queueAhead * remaining),
      since: job.createdAt,
    };
  }
  if (job.hang) return { phase: "running", fraction: 0.5, since: generatingAt };
  if (elapsed < job.latencyMs) {
    const fraction = (elapsed - queueMs) / (job.latencyMs - queueMs);
    return { phase: "running", fraction, since: generatingAt };
  }
  return { phase: "done", at: start + job.latencyMs };
}

/**
 * Milliseconds until the job finishes, or undefined if it never will (hang, canceled). While it still
 * waits for a slot this is a lower bound (its whole latency, at least 1: 0 means finished).
 */
export function remainingMs(job: SimJob, now = Date.now()): number | undefined {
  if (job.hang || job.canceledAt !== undefined) return undefined;
  const start = clockStart(job);
  if (start === undefined) return Math.max(1, job.latencyMs);
  return Math.max(0, start + job.latencyMs - now);
}

/** When a slot holder gives its slot back: finished or canceled. Hung jobs never hold one. */
function slotEnd(job: SimJob): number {
  const finish = (clockStart(job) ?? Number.POSITIVE_INFINITY) + job.latencyMs;
  return Math.min(finish, job.canceledAt ?? Number.POSITIVE_INFINITY);
}

/** The first moment at or after `from` when fewer than `cap` of `holders` hold a slot. */
function freeSlotAt(holders: readonly SimJob[], cap: number, from: number): number {
  const ends = holders
    .map(slotEnd)
    .filter((end) => end > from)
    .sort((a, b) => a - b);
  for (const at of [from, ...ends]) {
    const busy = holders.filter((j) => (clockStart(j) ?? at) <= at && slotEnd(j) > at).length;
    if (busy < cap) return at;
  }
  return Number.POSITIVE_INFINITY;
}

/** One provider's slots: who holds one (not yet known to have ended), who waits, in order. */
interface SlotLine {
  holders: SimJob[];
  waiting: SimJob[];
  /** The latest slot time handed out; the line is first in first out, so never earlier than this. */
  lastStart: number;
}

const MAX_JOBS = 20_000;

export class JobStore {
  private readonly jobs = new Map<string, SimJob>();
  private readonly lines: Record<SimProvider, SlotLine> = {
    fal: { holders: [], waiting: [], lastStart: 0 },
    replicate: { holders: [], waiting: [], lastStart: 0 },
  };

  add(job: SimJob): void {
    this.advance(job.provider, job.createdAt);
    this.jobs.set(job.id, job);
    // Insertion order is age order: a long benchmark drops its oldest jobs, never the live ones.
    for (const id of this.jobs.keys()) {
      if (this.jobs.size <= MAX_JOBS) break;
      this.jobs.delete(id);
    }
    const line = this.lines[job.provider];
    if (job.maxConcurrent !== undefined) {
      line.waiting.push(job);
      this.advance(job.provider, job.createdAt);
    } else if (!job.hang) {
      line.holders.push(job);
    }
  }

  /** Forgets every job, as a provider does after its retention period: their ids answer 404. */
  clear(): void {
    this.jobs.clear();
    for (const line of Object.values(this.lines)) {
      line.holders = [];
      line.waiting = [];
    }
  }

  get(provider: SimProvider, id: string): SimJob | undefined {
    const job = this.jobs.get(id);
    if (job?.provider !== provider) return undefined;
    this.advance(provider);
    return job;
  }

  /** Unfinished jobs of a provider, hung ones excluded so one hang test does not skew the next. */
  inFlight(provider: SimProvider, now = Date.now()): number {
    let count = 0;
    for (const job of this.jobs.values()) {
      if (job.provider === provider && !job.hang && remainingMs(job, now)) count += 1;
    }
    return count;
  }

  /**
   * Hands free slots to waiting jobs, first in first out, each at the moment its slot freed rather
   * than when somebody asked, so polling cadence never changes the outcome. Runs before every request
   * about the provider: a cancel frees a slot only from the moment it happens, which is after every
   * slot handed out so far, so no slot time already given ever changes.
   */
  advance(provider: SimProvider, now = Date.now()): void {
    const line = this.lines[provider];
    line.waiting = line.waiting.filter((job) => job.canceledAt === undefined);
    for (let job = line.waiting[0]; job !== undefined; job = line.waiting[0]) {
      const from = Math.max(job.createdAt, line.lastStart);
      const at = freeSlotAt(line.holders, job.maxConcurrent ?? Number.POSITIVE_INFINITY, from);
      if (at > now) break;
      line.waiting.shift();
      job.startedAt = at;
      delete job.linePosition;
      line.lastStart = at;
      if (!job.hang) line.holders.push(job);
    }
    line.waiting.forEach((job, i) => (job.linePosition = i));
    // Every slot still to be handed out starts after now: holders that ended by now no longer matter.
    line.holders = line.holders.filter((job) => slotEnd(job) > now);
  }
}
