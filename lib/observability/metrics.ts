import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  type Registry as PromRegistry,
  Registry,
} from "prom-client";

/**
 * The app's Prometheus metrics: one registry per process (web or worker), every metric defined here,
 * and one helper per thing the code records, so callers never touch prom-client or invent names.
 * Label values are bounded sets (route patterns, tiers, providers, outcomes): never ids or URLs.
 *
 * The registry and its metrics live on globalThis: Next may evaluate this module more than once in
 * one process (route bundles, dev reloads), and a second registry would count beside the first.
 * Code elsewhere adds metrics of its own with `appMetric` (the spend ledger does, for one).
 */

/** Lanes of the generation queue, by priority class (lib/queue/contract.ts PRIORITY). */
export type Lane = "enterprise" | "premium" | "free" | "anonymous" | "batch" | "other";

export interface QueueSnapshot {
  queue: string;
  /** Jobs per BullMQ state: waiting, prioritized, active, delayed, failed, completed, paused… */
  states: Record<string, number>;
  /** Waiting jobs per lane; absent for queues without priorities. */
  lanes?: Partial<Record<Lane, number>>;
}

const SECONDS = {
  http: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  wait: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600],
  run: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300],
  provider: [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60, 120],
};

/** Past this many distinct route labels, new ones count as "other": a guard against a label leak. */
const MAX_ROUTES = 100;

function define(registry: PromRegistry) {
  const registers = [registry];
  return {
    httpRequests: new Counter({
      name: "likeness_http_requests_total",
      help: "HTTP requests answered, by route pattern, API dialect, method and status.",
      labelNames: ["route", "dialect", "method", "status"] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: "likeness_http_request_duration_seconds",
      help: "Time to the response head, by route pattern and API dialect.",
      labelNames: ["route", "dialect"] as const,
      buckets: SECONDS.http,
      registers,
    }),
    cacheLookups: new Counter({
      name: "likeness_cache_lookups_total",
      help: "Generation cache lookups: hit (served free from the cache index) or miss.",
      labelNames: ["result"] as const,
      registers,
    }),
    rejections: new Counter({
      name: "likeness_rejections_total",
      help: "Requests refused by a limit (quota: the daily quota; rate_limit: per minute; budget: a spend budget), by tier.",
      labelNames: ["reason", "tier"] as const,
      registers,
    }),
    generations: new Counter({
      name: "likeness_generations_total",
      help: "Generations that ended, by outcome (succeeded, failed) and failure code.",
      labelNames: ["outcome", "code"] as const,
      registers,
    }),
    queueDepth: new Gauge({
      name: "likeness_queue_depth",
      help: "Jobs waiting to run, by queue and lane (priority class), at scrape time.",
      labelNames: ["queue", "lane"] as const,
      registers,
      collect: () => collectDepth(),
    }),
    queueJobs: new Gauge({
      name: "likeness_queue_jobs",
      help: "Jobs per queue and BullMQ state, at scrape time.",
      labelNames: ["queue", "state"] as const,
      registers,
      collect: () => collectJobs(),
    }),
    queueWait: new Histogram({
      name: "likeness_queue_wait_seconds",
      help: "From a job being added to a worker starting it, by queue and lane.",
      labelNames: ["queue", "lane"] as const,
      buckets: SECONDS.wait,
      registers,
    }),
    queueRun: new Histogram({
      name: "likeness_queue_run_seconds",
      help: "From a worker starting a job to it ending (either way), by queue and lane.",
      labelNames: ["queue", "lane"] as const,
      buckets: SECONDS.run,
      registers,
    }),
    jobsEnded: new Counter({
      name: "likeness_queue_jobs_ended_total",
      help: "Job runs that ended in this worker: completed, failed (a try that may be retried), stalled.",
      labelNames: ["queue", "result"] as const,
      registers,
    }),
    providerCalls: new Counter({
      name: "likeness_provider_calls_total",
      help: "Image provider calls, by provider, model and outcome (succeeded or the error class).",
      labelNames: ["provider", "model", "outcome"] as const,
      registers,
    }),
    providerLatency: new Histogram({
      name: "likeness_provider_call_duration_seconds",
      help: "Duration of image provider calls, by provider, model and outcome.",
      labelNames: ["provider", "model", "outcome"] as const,
      buckets: SECONDS.provider,
      registers,
    }),
    providerErrors: new Counter({
      name: "likeness_provider_errors_total",
      help: "Failed image provider calls, by provider and error class.",
      labelNames: ["provider", "class"] as const,
      registers,
    }),
    circuitState: new Gauge({
      name: "likeness_provider_circuit_state",
      help: "A provider's circuit breaker in this process: 1 for its current state, 0 for the others.",
      labelNames: ["provider", "state"] as const,
      registers,
    }),
    failovers: new Counter({
      name: "likeness_provider_failovers_total",
      help: "Generations moved on from one provider to the next after a failure or an open circuit.",
      labelNames: ["from", "to"] as const,
      registers,
    }),
    collectErrors: new Counter({
      name: "likeness_metrics_collect_errors_total",
      help: "Scrapes that could not read a source (e.g. Redis down for the queue gauges).",
      labelNames: ["source"] as const,
      registers,
      // After this scrape's reads, so a failure shows in the same scrape.
      collect: async () => {
        const s = state();
        if (s.queueSource) await readQueues(s);
      },
    }),
  };
}

type AppMetrics = ReturnType<typeof define>;

interface MetricsState {
  registry: Registry;
  metrics: AppMetrics;
  routes: Set<string>;
  queueSource?: () => Promise<QueueSnapshot[]>;
  queueRead?: { at: number; result: Promise<QueueSnapshot[] | null> };
}

const globalForMetrics = globalThis as typeof globalThis & { likenessMetrics?: MetricsState };

function state(): MetricsState {
  if (!globalForMetrics.likenessMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const metrics = define(registry);
    globalForMetrics.likenessMetrics = { registry, metrics, routes: new Set() };
  }
  return globalForMetrics.likenessMetrics;
}

/** The process's registry: what GET /metrics serves. */
export function metricsRegistry(): Registry {
  return state().registry;
}

/** Labels every series of this process with its role, so web and worker series never mix. */
export function setProcessRole(role: "web" | "worker"): void {
  state().registry.setDefaultLabels({ role });
}

/**
 * A metric defined by other code on this process's registry, created once (`create` receives the
 * registry to register with). For metrics that belong to a domain, e.g. spend by provider.
 */
export function appMetric<M>(name: string, create: (registers: Registry[]) => M): M {
  const { registry } = state();
  return (registry.getSingleMetric(name) as M | undefined) ?? create([registry]);
}

export function recordHttp(r: {
  route: string;
  dialect: string;
  method: string;
  status: number;
  seconds: number;
}): void {
  const { metrics, routes } = state();
  if (!routes.has(r.route) && routes.size >= MAX_ROUTES) r = { ...r, route: "other" };
  routes.add(r.route);
  metrics.httpRequests.inc({
    route: r.route,
    dialect: r.dialect,
    method: r.method,
    status: String(r.status),
  });
  metrics.httpDuration.observe({ route: r.route, dialect: r.dialect }, r.seconds);
}

export function recordCache(result: "hit" | "miss", count = 1): void {
  state().metrics.cacheLookups.inc({ result }, count);
}

export function recordRejection(reason: "quota" | "rate_limit" | "budget", tier: string): void {
  state().metrics.rejections.inc({ reason, tier });
}

/** A generation ended: `code` is its error code when it failed. */
export function recordGeneration(outcome: "succeeded" | "failed", code = ""): void {
  state().metrics.generations.inc({ outcome, code: outcome === "failed" ? code : "" });
}

/** Epoch milliseconds of a job's life, as BullMQ records them (timestamp, processedOn, finishedOn). */
export interface JobTimes {
  queue: string;
  lane: Lane | "none";
  addedAt: number;
  startedAt?: number;
  endedAt?: number;
}

/** One run of a job ended: its wait (added to started) and run (started to ended) times. */
export function observeJobRun(job: JobTimes, result: "completed" | "failed"): void {
  const { metrics } = state();
  const labels = { queue: job.queue, lane: job.lane };
  if (job.startedAt !== undefined) {
    metrics.queueWait.observe(labels, Math.max(0, job.startedAt - job.addedAt) / 1000);
    if (job.endedAt !== undefined) {
      metrics.queueRun.observe(labels, Math.max(0, job.endedAt - job.startedAt) / 1000);
    }
  }
  metrics.jobsEnded.inc({ queue: job.queue, result });
}

export function recordStalled(queue: string): void {
  state().metrics.jobsEnded.inc({ queue, result: "stalled" });
}

/**
 * One provider call ended. `outcome` is "succeeded" or the error class (retryable, rate_limited,
 * permanent, content_policy, credentials, timeout, …), which also counts as an error.
 */
export function recordProviderCall(call: {
  provider: string;
  model: string;
  outcome: string;
  latencyMs: number;
}): void {
  const { metrics } = state();
  const labels = { provider: call.provider, model: call.model, outcome: call.outcome };
  metrics.providerCalls.inc(labels);
  metrics.providerLatency.observe(labels, Math.max(0, call.latencyMs) / 1000);
  if (call.outcome !== "succeeded") {
    metrics.providerErrors.inc({ provider: call.provider, class: call.outcome });
  }
}

const CIRCUIT_STATES = ["closed", "half_open", "open", "isolated"] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

export function setCircuitState(provider: string, current: CircuitState): void {
  const { metrics } = state();
  for (const s of CIRCUIT_STATES)
    metrics.circuitState.set({ provider, state: s }, +(s === current));
}

export function recordFailover(from: string, to: string): void {
  state().metrics.failovers.inc({ from, to });
}

/**
 * Where the queue gauges come from (lib/queue/depth.ts), read at scrape time. Only the process that
 * sets it reports them (the web process): every process would report the same numbers.
 */
export function setQueueSnapshotSource(source: () => Promise<QueueSnapshot[]>): void {
  const s = state();
  s.queueSource = source;
  s.queueRead = undefined;
}

/** One read of the queues for both gauges; scrapes close together share it. Null when it failed. */
function readQueues(s: MetricsState): Promise<QueueSnapshot[] | null> {
  const now = Date.now();
  if (!s.queueRead || now - s.queueRead.at > 250) {
    const source = s.queueSource ?? (async () => []);
    s.queueRead = {
      at: now,
      result: source().catch(() => {
        s.metrics.collectErrors.inc({ source: "queues" });
        return null;
      }),
    };
  }
  return s.queueRead.result;
}

async function collectDepth(): Promise<void> {
  const s = state();
  const snapshots = s.queueSource ? await readQueues(s) : [];
  s.metrics.queueDepth.reset();
  for (const snapshot of snapshots ?? []) {
    for (const [lane, count] of Object.entries(snapshot.lanes ?? {})) {
      s.metrics.queueDepth.set({ queue: snapshot.queue, lane }, count);
    }
  }
}

async function collectJobs(): Promise<void> {
  const s = state();
  const snapshots = s.queueSource ? await readQueues(s) : [];
  s.metrics.queueJobs.reset();
  for (const snapshot of snapshots ?? []) {
    for (const [st, count] of Object.entries(snapshot.states)) {
      s.metrics.queueJobs.set({ queue: snapshot.queue, state: st }, count);
    }
  }
}
