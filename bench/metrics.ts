// npm run bench -- metrics [--generations 10000] [--waiting 10000] [--scrapes 300]
//
// GET /metrics after 10,000 generations: the scrape a Prometheus makes every few seconds must stay
// cheap however much has been recorded (target: under 50 ms). One process records what the web and
// a worker would for `--generations` generations (requests by route, dialect and status, cache
// lookups, refusals, provider calls with latency, failovers, job wait and run times, outcomes), with
// `--waiting` jobs left waiting in the generation queue across every lane, so the queue gauges read a
// real backlog from Redis at each scrape. Then `--scrapes` sequential scrapes over HTTP, through the
// worker's metrics server (lib/observability/metrics-endpoint.ts, with METRICS_TOKEN checked).
// Baseline, in the same run and the same process: the same scrape before anything was recorded and
// with no queue to read (the registry's fixed cost). Redis db 6 of the test stack; no database.
import { parseArgs } from "node:util";
import { localStack } from "../lib/local-stack";
import {
  metricsRegistry,
  observeJobRun,
  recordCache,
  recordFailover,
  recordGeneration,
  recordHttp,
  recordProviderCall,
  recordRejection,
  setCircuitState,
} from "../lib/observability/metrics";
import { PRIORITY } from "../lib/queue/contract";
import { reportQueueDepth } from "../lib/queue/depth";
import { closeQueues, queue } from "../lib/queue/queues";
import { startMetricsServer } from "../workers/metrics-server";
import { ensureServices, stackContext } from "../scripts/stack/index";
import { percentile } from "./lib/stats";

const { values } = parseArgs({
  options: {
    generations: { type: "string", default: "10000" },
    waiting: { type: "string", default: "10000" },
    scrapes: { type: "string", default: "300" },
  },
});
const GENERATIONS = Number(values.generations);
const WAITING = Number(values.waiting);
const SCRAPES = Number(values.scrapes);
const TOKEN = "bench-metrics-token-0123456789";
const TARGET_MS = 50;

const ROUTES = [
  ["/api/v1/generations", "native", "POST"],
  ["/api/v1/generations/[id]", "native", "GET"],
  ["/api/v1/generations/[id]/events", "native", "GET"],
  ["/v1/images/generations", "openai", "POST"],
  ["/prompt/[...prompt]", "pollinations", "GET"],
  ["/i/[...key]", "other", "GET"],
] as const;
const STATUSES = [200, 200, 200, 202, 304, 401, 404, 422, 429, 503];
const TIERS = ["anonymous", "free", "premium", "enterprise"];
const PROVIDERS = ["fal", "replicate", "local"];
const MODELS = ["flux-schnell", "flux-dev"];
const OUTCOMES = ["succeeded", "succeeded", "succeeded", "failed", "rate_limited", "rejected"];
const LANES = Object.keys(PRIORITY) as (keyof typeof PRIORITY)[];
const CODES = ["providers_unavailable", "content_flagged", "provider_rejected", "worker_lost"];

/** What the web and a worker record for one generation, with labels spread over their values. */
function recordOne(i: number): void {
  const pick = <T>(list: readonly T[], salt = 0) => list[(i * 7 + salt) % list.length]!;
  for (const [n, [route, dialect, method]] of ROUTES.entries()) {
    const status = pick(STATUSES, n);
    recordHttp({ route, dialect, method, status, seconds: ((i % 97) + n) / 1000 });
  }
  recordCache(i % 3 === 0 ? "hit" : "miss");
  if (i % 50 === 0) recordRejection(i % 100 === 0 ? "quota" : "rate_limit", pick(TIERS));
  const provider = pick(PROVIDERS);
  const outcome = pick(OUTCOMES, 1);
  recordProviderCall({ provider, model: pick(MODELS, 2), outcome, latencyMs: 300 + (i % 5000) });
  if (outcome !== "succeeded") recordFailover(provider, pick(PROVIDERS, 1));
  const added = Date.now() - 10_000;
  observeJobRun(
    {
      queue: "generations",
      lane: pick(LANES, 3),
      addedAt: added,
      startedAt: added + (i % 3000),
      endedAt: added + 3000 + (i % 7000),
    },
    outcome === "succeeded" ? "completed" : "failed",
  );
  recordGeneration(outcome === "succeeded" ? "succeeded" : "failed", pick(CODES, 4));
  if (i % 500 === 0) setCircuitState(provider, i % 1000 === 0 ? "open" : "closed");
}

async function scrape(url: string): Promise<{ ms: number[]; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < SCRAPES; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    const body = await response.text();
    ms.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`scrape answered ${response.status}`);
    bytes = body.length;
  }
  return { ms, bytes };
}

const round = (n: number) => Math.round(n * 100) / 100;

async function fillQueue(): Promise<void> {
  const generations = queue("generations");
  await generations.obliterate({ force: true });
  await generations.pause();
  for (let start = 0; start < WAITING; start += 1000) {
    const size = Math.min(1000, WAITING - start);
    await generations.addBulk(
      Array.from({ length: size }, (_, j) => ({
        name: "gallery" as const,
        data: { index: start + j },
        opts: { priority: PRIORITY[LANES[(start + j) % LANES.length]!], jobId: `m-${start + j}` },
      })),
    );
  }
}

async function main(): Promise<void> {
  const base = { ...process.env, LIKENESS_PROFILE: "test" as const };
  await ensureServices(["redis"], stackContext(base));
  Object.assign(process.env, {
    LIKENESS_PROFILE: "test",
    REDIS_URL: `redis://127.0.0.1:${localStack(base).redis.port}/6`,
  });
  const server = await startMetricsServer(0, TOKEN);
  const url = `http://127.0.0.1:${server.port}/metrics`;
  try {
    await scrape(url); // warm-up: JIT, sockets
    const baseline = await scrape(url);

    await fillQueue();
    reportQueueDepth();
    const recording = performance.now();
    for (let i = 0; i < GENERATIONS; i++) recordOne(i);
    const recordMs = performance.now() - recording;
    const loaded = await scrape(url);
    const series = (await metricsRegistry().metrics())
      .split("\n")
      .filter((l) => l.startsWith("likeness_")).length;

    const p = (s: number[], q: number) => round(percentile(s, q));
    console.table([
      {
        scrape: "baseline: nothing recorded, no queue",
        "p50 ms": p(baseline.ms, 50),
        "p99 ms": p(baseline.ms, 99),
        "max ms": round(Math.max(...baseline.ms)),
        "body KiB": round(baseline.bytes / 1024),
      },
      {
        scrape: `${GENERATIONS} generations, ${WAITING} jobs waiting`,
        "p50 ms": p(loaded.ms, 50),
        "p99 ms": p(loaded.ms, 99),
        "max ms": round(Math.max(...loaded.ms)),
        "body KiB": round(loaded.bytes / 1024),
      },
    ]);
    const p99 = percentile(loaded.ms, 99);
    console.log(
      `likeness_* series: ${series}; recording ${GENERATIONS} generations took ${round(recordMs)} ms ` +
        `(${round((recordMs * 1000) / GENERATIONS)} µs each)`,
    );
    console.log(
      `p50 ratio ${round(percentile(loaded.ms, 50) / percentile(baseline.ms, 50))}×, ` +
        `p99 ratio ${round(p99 / percentile(baseline.ms, 99))}× the baseline; ` +
        `p99 ${round(p99)} ms against the ${TARGET_MS} ms target: ${p99 < TARGET_MS ? "met" : "MISSED"}`,
    );
    await queue("generations").obliterate({ force: true });
  } finally {
    await server.close();
    await closeQueues();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
