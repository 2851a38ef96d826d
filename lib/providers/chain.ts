import { isBrokenCircuitError } from "cockatiel";
import { type CallEvent, type ResumableCall, trackedCall } from "./calls";
import { guardFor, ProviderBusyError, resetProviderGuards } from "./guards";
import {
  type GenerateOptions,
  type ImageProvider,
  ProviderError,
  type ProviderName,
  type ProviderResult,
} from "./types";
import { attemptDeadlineMs } from "@/lib/catalog/deadlines";
import { type GenerationRequest } from "@/lib/catalog/generation-request";
import { MODELS } from "@/lib/catalog/models";
import { logger } from "@/lib/observability/log";
import { recordFailover, recordProviderCall } from "@/lib/observability/metrics";

const log = logger("providers");

/** Below this much time to the job's deadline, a new call could not finish: none is started. */
export const MIN_ATTEMPT_MS = 1_000;
/** A job all of whose providers are busy (every slot taken) looks again after this long. */
const BUSY_RECHECK_MS = 1_000;
/** A half-open circuit lets one probe through; the others look again shortly. */
const BREAKER_PROBE_RECHECK_MS = 1_000;
/** A 429 that says nothing of when to come back. */
const DEFAULT_RETRY_AFTER_MS = 5_000;

/**
 * No provider was called: each was skipped, its circuit open after repeated outages, or every one of
 * its slots taken. Nothing is known to be wrong with this request, so the job waits `retryAfterMs`
 * (when a probe is let through) rather than failing or using up a try.
 */
export class AllProvidersDownError extends ProviderError {
  constructor(providers: readonly ProviderName[], retryAfterMs: number) {
    super(
      providers.at(-1) ?? "local",
      "retryable",
      `Every image provider (${providers.join(", ")}) is failing or busy right now and was skipped`,
      { retryAfterMs },
    );
    this.name = "AllProvidersDownError";
  }
}

/**
 * The job's deadline came before any provider made the image. `busy` when every provider that was
 * tried was refusing for load (429): the job ends as providers_busy rather than providers_unavailable.
 */
export class DeadlineExceededError extends ProviderError {
  readonly busy: boolean;
  /** False when no provider was even tried in this run (it started past its deadline). */
  readonly tried: boolean;
  constructor(errors: readonly ProviderError[]) {
    const summary = errors.map((e) => `${e.provider}: ${e.message}`).join("; ");
    super(
      errors.at(-1)?.provider ?? "local",
      "retryable",
      `No provider made the image before the job's deadline${summary ? `: ${summary}` : ""}`,
    );
    this.name = "DeadlineExceededError";
    this.busy = errors.length > 0 && errors.every((e) => e.kind === "rate_limited");
    this.tried = errors.length > 0;
  }
}

/** For tests: forget every provider's failure, rate-limit and slot history. */
export function resetCircuitBreakers(): void {
  resetProviderGuards();
}

export interface ChainOptions extends Pick<GenerateOptions, "signal" | "onProgress"> {
  onFallback?: (from: ProviderName, error: ProviderError) => void;
  /** Every call's life, for the record (provider_calls) and for metrics. */
  onCall?: (event: CallEvent) => void;
  /** Calls an earlier try submitted and nobody saw end: collected before anything new is paid for. */
  resumable?: readonly ResumableCall[];
  /** Epoch ms by which the job must end: no call starts that could not finish by then. */
  deadlineAt?: number;
  /** Calls one provider may have in flight in this process (the rest go to the next provider). */
  providerSlots?: number;
}

function isCredentialFailure(error: ProviderError): boolean {
  return error.status === 401 || error.status === 403;
}

/**
 * Makes the image: resumes a call an earlier try left unfinished, else tries each provider in order
 * (Fal, then Replicate). A retryable failure, a timeout or a rate limit moves on to the next provider;
 * a permanent one stops at once (another provider would refuse the same request). A provider whose
 * circuit is open, whose Retry-After has not passed, or whose slots are all taken is skipped without
 * a call. Each call gets the model's attempt deadline, within the job's. When every provider failed,
 * the error says what the worker should do (see the error classes above and jobFailure).
 */
export async function generateWithFallback(
  providers: readonly ImageProvider[],
  request: GenerationRequest,
  options: ChainOptions = {},
): Promise<ProviderResult> {
  const errors: ProviderError[] = [];
  const deadlineAt = options.deadlineAt ?? Number.POSITIVE_INFINITY;
  const onCall = (event: CallEvent) => {
    if (event.phase === "ended") measured(event);
    options.onCall?.(event);
  };
  const attempt = (provider: ImageProvider, resuming?: ResumableCall) => {
    const left = deadlineAt - Date.now();
    return guardFor(provider.name).breaker.execute(() =>
      trackedCall(provider, request, {
        signal: options.signal,
        onProgress: options.onProgress,
        onCall,
        resuming,
        timeoutMs: Math.min(attemptDeadlineMs(request.model), left),
        maxMs: left,
      }),
    );
  };
  const failed = (provider: ImageProvider, error: unknown): ProviderError => {
    if (!(error instanceof ProviderError)) throw error;
    if (error.kind === "rate_limited") {
      guardFor(provider.name).rateLimited(error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
    }
    // Permanent means "this request can't be made", except 401/403: our key for *this* provider is
    // bad, which the next provider does not care about.
    if (error.kind === "permanent" && !isCredentialFailure(error)) throw error;
    errors.push(error);
    options.onFallback?.(provider.name, error);
    return error;
  };

  for (const call of options.resumable ?? []) {
    const provider = providers.find((p) => p.name === call.provider && p.resume);
    if (!provider) continue;
    try {
      return await attempt(provider, call);
    } catch (error) {
      if (!isBrokenCircuitError(error)) failed(provider, error);
    }
  }

  const waits: number[] = [];
  const multi = providers.length > 1;
  for (const [i, provider] of providers.entries()) {
    if (i > 0) recordFailover(providers[i - 1]!.name, provider.name);
    if (deadlineAt - Date.now() < MIN_ATTEMPT_MS) throw new DeadlineExceededError(errors);
    const guard = guardFor(provider.name);
    const cooling = guard.coolingForMs();
    if (cooling > 0) {
      failed(provider, rateLimitedStill(provider.name, cooling));
      continue;
    }
    if (guard.openForMs() > 0) {
      waits.push(guard.openForMs());
      continue;
    }
    const ended = guard.calling();
    let rateLimited = false;
    try {
      if (!multi || options.providerSlots === undefined) return await attempt(provider);
      const waitMs = Math.min(MODELS[request.model].typicalMs, deadlineAt - Date.now());
      return await guard.inSlot(options.providerSlots, waitMs, () => attempt(provider));
    } catch (error) {
      rateLimited = error instanceof ProviderError && error.kind === "rate_limited";
      if (isBrokenCircuitError(error)) waits.push(BREAKER_PROBE_RECHECK_MS);
      else if (error instanceof ProviderBusyError) waits.push(BUSY_RECHECK_MS);
      else failed(provider, error);
    } finally {
      ended({ rateLimited });
    }
  }
  throw finalError(providers, errors, waits);
}

/** Every call that ended, counted by outcome and logged with the request id of its generation. */
function measured(event: CallEvent & { phase: "ended" }): void {
  const { provider, model, outcome, latencyMs } = event;
  recordProviderCall({ provider, model, outcome, latencyMs });
  log.info({ provider, model, outcome, latencyMs }, "provider call");
}

function rateLimitedStill(provider: ProviderName, ms: number): ProviderError {
  return new ProviderError(provider, "rate_limited", `${provider} asked us to wait; not called`, {
    retryAfterMs: ms,
  });
}

function finalError(
  providers: readonly ImageProvider[],
  errors: readonly ProviderError[],
  waits: readonly number[],
): ProviderError {
  if (errors.length === 0 && waits.length > 0) {
    return new AllProvidersDownError(
      providers.map((p) => p.name),
      Math.min(...waits),
    );
  }
  if (errors.length > 0 && errors.every((e) => e.kind === "rate_limited")) {
    const soonest = Math.min(
      ...errors.map((e) => e.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS),
      ...waits,
    );
    return new ProviderError(
      errors[0]!.provider,
      "rate_limited",
      "Every provider is rate-limiting us",
      { retryAfterMs: soonest },
    );
  }
  const summary = errors.map((e) => `${e.provider}: ${e.message}`).join("; ");
  return new ProviderError(
    errors.at(-1)?.provider ?? "local",
    "retryable",
    summary || "No image provider is configured",
  );
}
