import { z } from "zod";

/**
 * Fault injection for the provider simulator, per provider. Setting faults replaces the provider's
 * previous set entirely (omitted latency falls back to the initial one), so a test states the whole
 * scenario it wants and never inherits a stray fault from the test before.
 */
export const SIM_PROVIDERS = ["fal", "replicate"] as const;
export type SimProvider = (typeof SIM_PROVIDERS)[number];

const httpError = z.number().int().min(400).max(599);

const faultShape = {
  /**
   * Time from submit (under maxConcurrent: from getting a slot) to a finished result. The first
   * quarter is spent queued.
   */
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  /** Status every submit answers with (429, 500, 503 are the interesting ones). */
  submitStatus: httpError.optional(),
  /** Status of the result fetch: Fal's GET …/requests/{id}, Replicate's GET /v1/predictions/{id}. */
  resultStatus: httpError.optional(),
  /** Accepted, but never finishes: IN_PROGRESS / processing forever. */
  hang: z.boolean().optional(),
  /**
   * Finishes, but the request for its result never answers (held until the client gives up): Fal's
   * GET …/requests/{id}, every Replicate GET /v1/predictions/{id}.
   */
  resultHang: z.boolean().optional(),
  /** The result lacks images/output (even seeds) or points at a non-image URL (odd seeds). */
  malformed: z.boolean().optional(),
  /** Fal: has_nsfw_concepts [true]; Replicate: the prediction fails with an NSFW error. */
  nsfw: z.boolean().optional(),
  /** This many submits succeed, then every submit fails with submitStatus (default 500). */
  failAfter: z.number().int().min(0).optional(),
  /** Retry-After of injected 429s, in seconds. */
  retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
  /**
   * The provider's concurrency cap (Fal's per-key limit): at most this many requests hold a running
   * slot at once; the rest wait first in first out, Fal IN_QUEUE with a queue_position / Replicate
   * "starting", and their latency clock starts only when they get a slot. Every unfinished request of
   * the provider holds a slot, capped or not, except hung ones (so a hang test never blocks the next).
   */
  maxConcurrent: z.number().int().min(1).max(10_000).optional(),
};

export const faultsSchema = z.strictObject(faultShape);
export type Faults = z.infer<typeof faultsSchema>;
export const adminFaultsSchema = z.strictObject({ provider: z.enum(SIM_PROVIDERS), ...faultShape });

export const DEFAULT_LATENCY_MS: Record<SimProvider, number> = { fal: 600, replicate: 800 };

export type EnvLike = Record<string, string | undefined>;

/**
 * Initial faults from the environment: SIM_FAL_LATENCY_MS, SIM_REPLICATE_LATENCY_MS, and the whole
 * set as JSON in SIM_FAL_FAULTS / SIM_REPLICATE_FAULTS (e.g. '{"hang":true}' for a failover demo).
 */
export function faultsFromEnv(env: EnvLike): Record<SimProvider, Faults> {
  const read = (provider: SimProvider): Faults => {
    const prefix = `SIM_${provider.toUpperCase()}`;
    const json = env[`${prefix}_FAULTS`];
    let faults: Faults = {};
    if (json !== undefined && json.trim() !== "") {
      const parsed = faultsSchema.safeParse(JSON.parse(json));
      if (!parsed.success) throw new Error(`${prefix}_FAULTS: ${z.prettifyError(parsed.error)}`);
      faults = parsed.data;
    }
    const latency = env[`${prefix}_LATENCY_MS`];
    if (latency !== undefined && latency.trim() !== "") {
      const ms = Number(latency);
      if (!Number.isInteger(ms) || ms < 0) {
        throw new Error(`${prefix}_LATENCY_MS must be a whole number of ms, got "${latency}"`);
      }
      faults = { ...faults, latencyMs: ms };
    }
    return faults;
  };
  return { fal: read("fal"), replicate: read("replicate") };
}

/** One provider's live faults plus the success count failAfter needs. */
export class FaultState {
  private current: Faults;
  private successes = 0;

  constructor(private readonly initial: Faults) {
    this.current = initial;
  }

  get faults(): Readonly<Faults> {
    return this.current;
  }

  get latencyMs(): number {
    return this.current.latencyMs ?? this.initial.latencyMs ?? 0;
  }

  set(faults: Faults): void {
    this.current = { ...faults, latencyMs: faults.latencyMs ?? this.initial.latencyMs };
    this.successes = 0;
  }

  reset(): void {
    this.current = this.initial;
    this.successes = 0;
  }

  /** Decides one submit: the injected error status, or undefined to accept (and count) it. */
  submitFailure(): number | undefined {
    const { submitStatus, failAfter } = this.current;
    if (failAfter !== undefined) {
      if (this.successes >= failAfter) return submitStatus ?? 500;
    } else if (submitStatus !== undefined) {
      return submitStatus;
    }
    this.successes += 1;
    return undefined;
  }
}
