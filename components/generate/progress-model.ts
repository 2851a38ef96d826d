/**
 * What the progress panel knows about a running generation, built from the POST answer and the SSE
 * events, plus the pure functions that turn it into words and an estimate.
 */

/** "waiting" is our own: in the app's queue, before any worker has picked the job up. */
export type Stage = "waiting" | "submitted" | "queued" | "generating" | "storing" | "done";

export interface Progress {
  stage: Stage;
  /** 0..100; never moves backwards, so a retry does not make the bar jump back. */
  percent: number;
  /** 1-based place in the app's queue (1 = next), 0 when running, null when unknown. */
  queuePosition: number | null;
  /** Place in the cloud provider's own queue, when it reports one. */
  providerQueuePosition: number | null;
  provider: string | null;
  /** Why the last attempt failed, while the next one is pending. */
  retrying: string | null;
  reconnecting: boolean;
  /** Epoch ms when the request was sent. */
  startedAt: number;
  /** The first worker progress (when and at what percent): the ETA extrapolates from here only. */
  baseline: { at: number; percent: number } | null;
  /** The latest progress, for the same extrapolation. */
  latest: { at: number; percent: number } | null;
  /** First and latest place in the app's queue, to estimate the wait from how fast the line moves. */
  line: { first: LinePoint; latest: LinePoint } | null;
}

interface LinePoint {
  at: number;
  position: number;
}

const STAGES = new Set<string>(["submitted", "queued", "generating", "storing", "done"]);

export function initialProgress(queuePosition: number | null, now: number): Progress {
  return {
    stage: "waiting",
    percent: 0,
    queuePosition,
    providerQueuePosition: null,
    provider: null,
    retrying: null,
    reconnecting: false,
    startedAt: now,
    baseline: null,
    latest: null,
    line:
      queuePosition !== null && queuePosition > 0
        ? {
            first: { at: now, position: queuePosition },
            latest: { at: now, position: queuePosition },
          }
        : null,
  };
}

export interface ProgressEvent {
  stage: Exclude<Stage, "waiting">;
  percent: number;
  provider?: string;
  providerQueuePosition?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function parseProgressEvent(value: unknown): ProgressEvent | null {
  if (!isRecord(value) || typeof value.stage !== "string" || !STAGES.has(value.stage)) return null;
  const percent = typeof value.percent === "number" ? Math.min(100, Math.max(0, value.percent)) : 0;
  return {
    stage: value.stage as ProgressEvent["stage"],
    percent,
    provider: typeof value.provider === "string" ? value.provider : undefined,
    providerQueuePosition:
      typeof value.providerQueuePosition === "number" ? value.providerQueuePosition : undefined,
  };
}

export function applyProgress(progress: Progress, event: ProgressEvent, now: number): Progress {
  const point = { at: now, percent: event.percent };
  return {
    ...progress,
    stage: event.stage,
    percent: Math.max(progress.percent, event.percent),
    provider: event.provider ?? progress.provider,
    providerQueuePosition: event.providerQueuePosition ?? null,
    queuePosition: 0,
    retrying: null,
    reconnecting: false,
    // A new attempt after a failure runs at its own pace: measure it afresh.
    baseline: progress.retrying !== null || !progress.baseline ? point : progress.baseline,
    latest: point,
  };
}

export function applyQueued(progress: Progress, position: number | null, now: number): Progress {
  if (position === null) return { ...progress, reconnecting: false };
  // 0: a worker has it. Still "waiting" means the job started before this page was listening: it is
  // no longer in line, whatever the POST said.
  if (position <= 0) {
    return progress.stage === "waiting"
      ? { ...progress, stage: "submitted", queuePosition: 0, line: null, reconnecting: false }
      : { ...progress, reconnecting: false };
  }
  // A positive position after progress means the job was re-queued.
  const point = { at: now, position };
  // A place further back than the first one (re-queued after a retry) starts a new measurement.
  const line =
    progress.line && position <= progress.line.first.position
      ? { first: progress.line.first, latest: point }
      : { first: point, latest: point };
  return { ...progress, stage: "waiting", queuePosition: position, reconnecting: false, line };
}

export const PROVIDER_NAMES: Record<string, string> = {
  fal: "Fal",
  replicate: "Replicate",
  local: "the built-in local generator",
};

function ahead(n: number): string {
  return n === 1 ? "1 ahead of you" : `${n} ahead of you`;
}

/** The stage in words, as the panel (and a screen reader) says it. */
export function stageText(p: Progress): string {
  if (p.retrying !== null) return "That attempt failed — trying again…";
  switch (p.stage) {
    case "waiting":
      if (p.queuePosition === null || p.queuePosition <= 0) return "Starting…";
      return p.queuePosition === 1
        ? "Waiting in line — you’re next"
        : `Waiting in line — ${ahead(p.queuePosition - 1)}`;
    case "submitted":
      return "Starting…";
    case "queued": {
      const who = (p.provider && PROVIDER_NAMES[p.provider]) || "the provider";
      return p.providerQueuePosition && p.providerQueuePosition > 0
        ? `Waiting at ${who} — ${ahead(p.providerQueuePosition)}`
        : `Waiting at ${who}…`;
    }
    case "generating":
      return "Generating…";
    case "storing":
      return "Saving your avatar…";
    case "done":
      return "Finishing up…";
  }
}

/** Below this much observed work, a rate is noise: one fast step would promise a wildly short wait. */
const MIN_OBSERVED_MS = 1_000;
const MIN_OBSERVED_PERCENT = 5;

/**
 * Seconds left by straight-line extrapolation from the progress seen so far, or null while there is
 * not enough of it to extrapolate from (still queued, or too little progress). Never a countdown
 * invented from nothing.
 */
export function secondsLeft(p: Progress, now: number): number | null {
  if (!p.baseline || !p.latest || p.retrying !== null) return null;
  if (p.stage === "waiting" || p.stage === "queued") return null;
  const gained = p.latest.percent - p.baseline.percent;
  const observed = p.latest.at - p.baseline.at;
  if (gained < MIN_OBSERVED_PERCENT || observed < MIN_OBSERVED_MS) return null;
  const rate = gained / observed; // percent per ms
  const remainingMs = (100 - p.latest.percent) / rate - (now - p.latest.at);
  return Math.max(0, Math.round(remainingMs / 1000));
}

/** Below this much movement of the line, its speed is a guess. */
const MIN_LINE_MS = 2_000;
const MIN_LINE_MOVES = 2;

/**
 * Seconds until the job should start, from how fast the line has moved since it joined; null until
 * it has visibly moved.
 */
export function secondsUntilStart(p: Progress, now: number): number | null {
  if (p.stage !== "waiting" || !p.line) return null;
  const { first, latest } = p.line;
  const moved = first.position - latest.position;
  const observed = latest.at - first.at;
  if (moved < MIN_LINE_MOVES || observed < MIN_LINE_MS) return null;
  const remainingMs = latest.position / (moved / observed) - (now - latest.at);
  return Math.max(0, Math.round(remainingMs / 1000));
}

function duration(seconds: number): string {
  return seconds < 90 ? `about ${seconds} s` : `about ${Math.round(seconds / 60)} min`;
}

/** The estimate in words, or null when there is none to give. */
export function etaText(p: Progress, now: number): string | null {
  const start = secondsUntilStart(p, now);
  if (start !== null)
    return start <= 1 ? "starting any moment" : `${duration(start)} until it starts`;
  const left = secondsLeft(p, now);
  if (left === null) return null;
  return left <= 1 ? "almost done" : `${duration(left)} left`;
}

export function elapsedText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}
