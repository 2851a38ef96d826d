// npm run bench -- scaling
//   [--jobs 64] [--workers 1,2,4] [--concurrency 4] [--latency 1000] [--cap 8] [--poll 50] [--size 512]
//
// Throughput of the generation pipeline against the number of worker processes. The simulator plays
// Fal with a fixed latency; 1, 2 and 4 worker processes (`tsx workers/index.ts`, WORKER_CONCURRENCY
// each) run `--jobs` unique generations (fresh seeds: never a cache hit), enqueued at once through the
// producer with real `generations` rows. Measured: completed generations/s from the first enqueue to
// the last job's finishedOn, and the same including the WebP variants the jobs queue (done once the
// variants queue drained). Every worker count is measured twice: without a provider limit, then with
// the simulator's `maxConcurrent` fault at `--cap` (Fal's per-key concurrency limit), where throughput
// must stop at cap/latency. Prints, per table, the ratio against the 1-worker run of the same table
// (measured in this run), the ideal ratio from slots alone, job duration, and CPU: per generation for
// the workers and for this process (the simulator renders every image), and the machine's, since the
// workers, the simulator, Postgres, Redis and s3rver (and anything else running) share its cores.
// The default 1 s latency keeps 16 slots' worth of jobs under what two cores can process, so the cap
// is what the second table shows; `--latency 500` shows where the CPU stops the scaling instead.
// No web server: the benchmark enqueues directly. Redis db 4, database likeness_bench.
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { closeDb } from "../lib/db";
import { generationJobId, PRIORITY } from "../lib/queue/contract";
import { enqueueGeneration } from "../lib/queue/producer";
import { closeQueues, queue } from "../lib/queue/queues";
import {
  type CpuUse,
  cpuMeter,
  drained,
  fetchJobs,
  lastFinishedSince,
  makeGenerationJobs,
  type QueueBench,
  round,
  setUpQueueBench,
  watchJobs,
} from "./lib/queue-bench";
import { percentile } from "./lib/stats";
import { startWorkerProcess, stopWorkers, type WorkerProcess } from "./lib/workers";

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "64" },
    workers: { type: "string", default: "1,2,4" },
    concurrency: { type: "string", default: "4" },
    latency: { type: "string", default: "1000" },
    cap: { type: "string", default: "8" },
    poll: { type: "string", default: "50" },
    size: { type: "string", default: "512" },
  },
});
const JOBS = Number(values.jobs);
const WORKER_COUNTS = values.workers.split(",").map(Number);
const CONCURRENCY = Number(values.concurrency);
const LATENCY_MS = Number(values.latency);
const CAP = Number(values.cap);
const POLL_MS = Number(values.poll);
const SIZE = Number(values.size);
const PROMPT = "scaling benchmark portrait";
const CORES = cpus().length;

interface Measurement {
  workers: number;
  cap: number | undefined;
  seconds: number;
  perSecond: number;
  withVariantsPerSecond: number;
  jobP50: number;
  cpu: CpuUse;
}

/**
 * Enqueues `count` fresh generations at once and times them to the last one finished, then waits for
 * their variants, so nothing of this run is still running when the next one starts.
 */
async function run(bench: QueueBench, workers: readonly WorkerProcess[], count: number) {
  const jobs = await makeGenerationJobs(count, PROMPT, SIZE);
  const ids = jobs.map((j) => generationJobId(j.requestHash));
  const finished = watchJobs(bench.events, ids, "completed");
  const cpu = cpuMeter(() => workers.reduce((sum, w) => sum + w.cpuMs(), 0));
  const started = Date.now();
  await Promise.all(jobs.map((job) => enqueueGeneration(job, PRIORITY.free)));
  await finished;
  await drained([bench.generations, ...bench.others]);
  const usage = cpu();
  const done = await fetchJobs(bench.generations, jobs);
  const end = Math.max(...done.map((j) => j.finishedOn ?? Number.NaN));
  const variantsEnd = await Promise.all(bench.others.map((q) => lastFinishedSince(q, started)));
  const endWithVariants = Math.max(end, ...variantsEnd.map((t) => t ?? 0));
  const durations = done.map((j) => (j.finishedOn ?? Number.NaN) - (j.processedOn ?? Number.NaN));
  return {
    seconds: (end - started) / 1000,
    perSecond: count / ((end - started) / 1000),
    withVariantsPerSecond: count / ((endWithVariants - started) / 1000),
    jobP50: percentile(durations, 50),
    cpu: usage,
  };
}

function table(rows: Measurement[]) {
  const baseline = rows.find((r) => r.workers === 1) ?? rows[0]!;
  const slots = (r: Measurement) => Math.min(r.workers * CONCURRENCY, r.cap ?? Infinity);
  return rows.map((r) => {
    const workerMs = r.cpu.workersMs / JOBS;
    const simMs = r.cpu.benchMs / JOBS;
    const ours = (r.cpu.workersMs + r.cpu.benchMs) / (r.cpu.wallMs * CORES);
    return {
      workers: r.workers,
      slots: r.workers * CONCURRENCY,
      "fal cap": r.cap ?? "none",
      "jobs/s": round(r.perSecond),
      "× 1 worker": round(r.perSecond / baseline.perSecond),
      "ideal ×": round(slots(r) / slots(baseline)),
      "provider-bound jobs/s": round((slots(r) * 1000) / LATENCY_MS, 1),
      "job p50 ms": Math.round(r.jobP50),
      "worker cpu ms/job": Math.round(workerMs),
      "sim cpu ms/job": Math.round(simMs),
      "cpu-bound jobs/s": round((CORES * 1000) / (workerMs + simMs), 1),
      "ours cpu %": Math.round(ours * 100),
      "machine cpu %": Math.round(r.cpu.machine * 100),
      "+variants jobs/s": round(r.withVariantsPerSecond),
      "+variants ×": round(r.withVariantsPerSecond / baseline.withVariantsPerSecond),
    };
  });
}

async function main(): Promise<void> {
  const bench = await setUpQueueBench({
    redisDb: 4,
    latencyMs: LATENCY_MS,
    pollMs: POLL_MS,
    concurrency: CONCURRENCY,
    label: PROMPT,
  });
  const workers: WorkerProcess[] = [];
  const results: Measurement[] = [];
  const loadStart = round(loadavg()[0]!);
  try {
    await queue("generations").waitUntilReady();
    for (const count of WORKER_COUNTS) {
      while (workers.length < count) workers.push(await startWorkerProcess(bench.workerEnv));
      // Warm-up, unmeasured: every new process opens its pools and compiles its hot paths.
      bench.sim.setFaults("fal", { latencyMs: LATENCY_MS });
      await run(bench, workers, count * CONCURRENCY * 2);
      for (const cap of [undefined, CAP]) {
        bench.sim.setFaults("fal", {
          latencyMs: LATENCY_MS,
          ...(cap ? { maxConcurrent: cap } : {}),
        });
        const measured = await run(bench, workers, JOBS);
        results.push({ workers: count, cap, ...measured });
        console.log(
          `${count} worker(s), cap ${cap ?? "none"}: ${round(measured.perSecond)} jobs/s in ${round(measured.seconds)} s`,
        );
      }
    }
  } finally {
    await stopWorkers(workers);
    await closeQueues();
    await closeDb();
    await bench.close();
  }
  console.log(
    `\n${JOBS} unique generations per run, simulated Fal latency ${LATENCY_MS} ms, poll every ${POLL_MS} ms, ` +
      `WORKER_CONCURRENCY ${CONCURRENCY} per process, ${SIZE}×${SIZE} PNG, ${CORES} cores ` +
      `(load average ${loadStart} at start, ${round(loadavg()[0]!)} at end)`,
  );
  console.log(
    "× 1 worker: jobs/s against the 1-worker run of the same table; ideal ×: from job slots and the cap alone;\n" +
      "provider-bound jobs/s: min(slots, cap) / latency, the ceiling if the pipeline itself took no time.\n" +
      "cpu ms/job: CPU of the worker processes / of this process (simulator) per generation, variants included;\n" +
      "cpu-bound jobs/s: what the cores could sustain at that cost if nothing else ran (Postgres, Redis and\n" +
      "s3rver not counted). ours / machine cpu %: share of all cores used by this benchmark / by anything.",
  );
  console.log("\nNo provider limit");
  console.table(table(results.filter((r) => r.cap === undefined)));
  console.log(`\nProvider limit: maxConcurrent ${CAP} (at most ${CAP} requests running at Fal)`);
  console.table(table(results.filter((r) => r.cap !== undefined)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
