import type { LimitsView } from "@/lib/account/types";
import type { GenerationView } from "@/lib/generations/present";
import { type FieldErrors, fieldErrorsFromIssues, type SubmitInput } from "./form-validation";

/** Whether POST /api/v1/generations answered from the cache (200) or queued a job (202). */
export type CacheStatus = "HIT" | "MISS";

export interface GenerationTicket {
  view: GenerationView;
  cache: CacheStatus;
  /** 1-based place in line, 0 once running, null when not in the queue (done, or unknown). */
  queuePosition: number | null;
}

/**
 * A request the API refused or could not answer, in words the form can show next to the fields.
 * `details` is the error's machine-readable `details` object when it has one (a 429 quota_exceeded
 * carries limit, allowed, used, tier, resets_at and upgrade_url; a 403 what the tier allows).
 */
export class GenerateRequestError extends Error {
  /** When the answer arrived (epoch ms), so a Retry-After countdown starts from the right moment. */
  readonly receivedAt = Date.now();

  constructor(
    message: string,
    readonly code: string,
    readonly fields: FieldErrors,
    readonly retryAfterSeconds: number | null,
    readonly details: Record<string, unknown> | null = null,
  ) {
    super(message);
    this.name = "GenerateRequestError";
  }
}

const STATUSES = new Set(["queued", "running", "succeeded", "failed"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Enough of a shape check that a proxy's HTML error page is not mistaken for a generation. */
export function isGenerationView(value: unknown): value is GenerationView {
  return (
    isRecord(value) &&
    typeof value.id === "string" &&
    typeof value.status === "string" &&
    STATUSES.has(value.status) &&
    typeof value.prompt === "string" &&
    typeof value.style === "string"
  );
}

function queuePositionOf(value: unknown): number | null {
  return isRecord(value) && typeof value.queue_position === "number" ? value.queue_position : null;
}

function retryAfter(response: Response): number | null {
  const seconds = Number(response.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null;
}

function toRequestError(response: Response, body: unknown): GenerateRequestError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  const code = typeof error?.code === "string" ? error.code : `http_${response.status}`;
  const wait = retryAfter(response);
  if (code === "service_unavailable" || (!error && response.status >= 500)) {
    return new GenerateRequestError(
      "The generator is unavailable right now. Please try again in a moment.",
      code,
      {},
      wait,
    );
  }
  const message =
    typeof error?.message === "string" ? error.message : "The request could not be completed.";
  const fields = Array.isArray(error?.details) ? fieldErrorsFromIssues(error.details) : {};
  const details = isRecord(error?.details) && !Array.isArray(error.details) ? error.details : null;
  return new GenerateRequestError(message, code, fields, wait, details);
}

async function readJson(response: Response): Promise<unknown> {
  return response.json().catch(() => null);
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, headers: { accept: "application/json", ...init.headers } });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new GenerateRequestError("You appear to be offline.", "network_error", {}, null);
  }
}

export async function submitGeneration(
  input: SubmitInput,
  signal?: AbortSignal,
): Promise<GenerationTicket> {
  const response = await send("/api/v1/generations", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
    signal,
  });
  const body = await readJson(response);
  if (!response.ok) throw toRequestError(response, body);
  if (!isGenerationView(body)) throw toRequestError(response, null);
  // The status code is the contract; the header only disambiguates if a proxy rewrote the status.
  const cache: CacheStatus =
    response.status === 200 || response.headers.get("x-cache") === "HIT" ? "HIT" : "MISS";
  return { view: body, cache, queuePosition: queuePositionOf(body) };
}

export async function fetchGeneration(
  id: string,
  signal?: AbortSignal,
): Promise<Omit<GenerationTicket, "cache">> {
  const response = await send(`/api/v1/generations/${encodeURIComponent(id)}`, {
    signal,
    // Finished generations are cacheable for a minute, but a running one must be read fresh.
    cache: "no-store",
  });
  const body = await readJson(response);
  if (!response.ok) throw toRequestError(response, body);
  if (!isGenerationView(body)) throw toRequestError(response, null);
  return { view: body, queuePosition: queuePositionOf(body) };
}

export function eventsPath(id: string): string {
  // Root-relative rather than the view's absolute events_url: EventSource needs the page's own origin,
  // which an APP_URL behind a proxy need not match.
  return `/api/v1/generations/${encodeURIComponent(id)}/events`;
}

function isLimitsView(value: unknown): value is LimitsView {
  return (
    isRecord(value) &&
    isRecord(value.tier) &&
    typeof value.tier.name === "string" &&
    isRecord(value.limits) &&
    typeof value.limits.daily_quota === "number" &&
    typeof value.limits.max_size === "number" &&
    Array.isArray(value.limits.allowed_models) &&
    isRecord(value.usage) &&
    typeof value.usage.remaining === "number" &&
    typeof value.resets_at === "string"
  );
}

/** What the visitor's tier allows and how much is left today; null when it cannot be read. */
export async function fetchLimits(signal?: AbortSignal): Promise<LimitsView | null> {
  try {
    const response = await fetch("/api/v1/me/limits", {
      signal,
      cache: "no-store",
      headers: { accept: "application/json" },
    });
    if (!response.ok) return null;
    const body: unknown = await response.json();
    return isLimitsView(body) ? body : null;
  } catch {
    return null;
  }
}
