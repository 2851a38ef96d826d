import {
  circuitBreaker,
  ConsecutiveBreaker,
  type CircuitBreakerPolicy,
  handleWhen,
  isBrokenCircuitError,
} from "cockatiel";
import {
  type GenerateOptions,
  type ImageProvider,
  ProviderError,
  type ProviderName,
  type ProviderResult,
} from "./types";
import { type GenerationRequest } from "@/lib/catalog/generation-request";
import { logger } from "@/lib/observability/log";
import {
  type CircuitState,
  recordFailover,
  recordProviderCall,
  setCircuitState,
} from "@/lib/observability/metrics";

const log = logger("providers");

/** Three retryable failures in a row open a provider's circuit; after 30 s one request probes it. */
const BREAKER = { consecutiveFailures: 3, halfOpenAfterMs: 30_000 };

const breakers = new Map<ProviderName, CircuitBreakerPolicy>();

/** cockatiel's CircuitState values, in its order, as the metrics name them. */
const CIRCUIT: readonly CircuitState[] = ["closed", "open", "half_open", "isolated"];

function breakerFor(name: ProviderName): CircuitBreakerPolicy {
  let breaker = breakers.get(name);
  if (!breaker) {
    // Only outages count against a provider: a rejected prompt or a 429 says nothing about its health.
    breaker = circuitBreaker(
      handleWhen((e) => e instanceof ProviderError && e.kind === "retryable"),
      {
        halfOpenAfter: BREAKER.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(BREAKER.consecutiveFailures),
      },
    );
    breaker.onStateChange((state) => {
      const circuit = CIRCUIT[state] ?? "isolated";
      setCircuitState(name, circuit);
      log.warn({ provider: name, circuit }, `${name} circuit ${circuit}`);
    });
    setCircuitState(name, "closed");
    breakers.set(name, breaker);
  }
  return breaker;
}

/**
 * One provider call, counted and logged (with the request id of the generation it is for) however
 * it ends. Outcomes use the vocabulary of the per-call records: succeeded, failed (worth another
 * try), rate_limited, rejected (this request cannot be made) or flagged (content policy).
 */
async function measuredCall(
  provider: ImageProvider,
  request: GenerationRequest,
  options: GenerateOptions,
): Promise<ProviderResult> {
  const started = performance.now();
  const ended = (outcome: string) => {
    const latencyMs = Math.round(performance.now() - started);
    recordProviderCall({ provider: provider.name, model: request.model, outcome, latencyMs });
    log.info(
      { provider: provider.name, model: request.model, outcome, latencyMs },
      "provider call",
    );
  };
  try {
    const result = await provider.generate(request, options);
    ended("succeeded");
    return result;
  } catch (error) {
    ended(callOutcome(error));
    throw error;
  }
}

function callOutcome(error: unknown): string {
  if (!(error instanceof ProviderError)) return "failed";
  if (error.flagged) return "flagged";
  if (error.kind === "rate_limited") return "rate_limited";
  return error.kind === "permanent" ? "rejected" : "failed";
}

function isCredentialFailure(error: ProviderError): boolean {
  return error.status === 401 || error.status === 403;
}

/**
 * Every provider was skipped because its circuit is open: they have all been failing just now, and a
 * retry in a few seconds would be skipped the same way. The job fails at once instead of making the
 * person wait out every backoff for a foregone failure; the next request probes again after 30 s.
 */
export class AllProvidersDownError extends ProviderError {
  constructor(providers: readonly ProviderName[]) {
    super(
      providers.at(-1) ?? "local",
      "retryable",
      `Every image provider (${providers.join(", ")}) is failing right now and was skipped`,
    );
    this.name = "AllProvidersDownError";
  }
}

/** For tests: forget every provider's failure history. */
export function resetCircuitBreakers(): void {
  breakers.clear();
}

/**
 * Tries each provider in order (Fal, then Replicate). A retryable failure or a rate limit moves on to
 * the next; a permanent one stops at once (another provider would reject the same request), and a
 * provider whose circuit is open is skipped without a call. When every provider failed, the error
 * says what the worker should do: wait out a rate limit only when that is all that went wrong.
 */
export async function generateWithFallback(
  providers: readonly ImageProvider[],
  request: GenerationRequest,
  options: GenerateOptions & {
    onFallback?: (from: ProviderName, error: ProviderError) => void;
  } = {},
): Promise<ProviderResult> {
  const errors: ProviderError[] = [];
  let skipped = 0;
  for (const [i, provider] of providers.entries()) {
    try {
      return await breakerFor(provider.name).execute(() =>
        measuredCall(provider, request, options),
      );
    } catch (error) {
      if (isBrokenCircuitError(error)) skipped++;
      const failure = isBrokenCircuitError(error)
        ? new ProviderError(
            provider.name,
            "retryable",
            `${provider.name} is failing repeatedly and was skipped`,
          )
        : error;
      if (!(failure instanceof ProviderError)) throw failure;
      // Permanent means "this request can't be made", except 401/403: our key for *this* provider is
      // bad, which the next provider does not care about.
      if (failure.kind === "permanent" && !isCredentialFailure(failure)) throw failure;
      errors.push(failure);
      options.onFallback?.(provider.name, failure);
      const next = providers[i + 1];
      if (next) recordFailover(provider.name, next.name);
    }
  }
  if (errors.length > 0 && errors.every((e) => e.kind === "rate_limited")) {
    const soonest = Math.min(...errors.map((e) => e.retryAfterMs ?? 5_000));
    throw new ProviderError(
      errors[0]!.provider,
      "rate_limited",
      "Every provider is rate-limiting us",
      { retryAfterMs: soonest },
    );
  }
  if (skipped > 0 && skipped === providers.length) {
    throw new AllProvidersDownError(providers.map((p) => p.name));
  }
  const summary = errors.map((e) => `${e.provider}: ${e.message}`).join("; ");
  throw new ProviderError(
    errors.at(-1)?.provider ?? "local",
    "retryable",
    summary || "No image provider is configured",
  );
}
