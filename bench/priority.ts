// npm run bench -- priority
//   [--batch 1000] [--free 200] [--samples 20] [--concurrency 4] [--latency 500] [--poll 50] [--size 512]
//
// How long a premium generation waits in the queue behind a backlog: 1,000 jobs at PRIORITY.batch and
// 200 at PRIORITY.free, all enqueued through the producer (real `generations` rows), with one real
// worker process (WORKER_CONCURRENCY `--concurrency`) working through them against the simulator
// playing Fal. Once the worker is busy, `--samples` premium jobs are enqueued one at a time, each after
// a random pause of up to one job duration (so they land at every point of the slots' cycle) and only
// once the previous one started. Per premium job, from BullMQ's own timestamps: the wait from enqueue
// (timestamp) to start (processedOn), and how many other jobs started in between. Target: it starts in
// the next free slot, so nothing else starts first and the wait stays under one job duration. The
// baseline, measured in the same run, is one job's duration (processedOn → finishedOn of the backlog
// jobs: provider latency plus pipeline), and the wait is printed as a ratio of it.
// No web server: the benchmark enqueues directly. Redis db 5, database likeness_bench.
import { parseArgs } from "node:util";
import { type Job } from "bullmq";
import { closeDb } from "../lib/db";
import { generationJobId, type GenerationJob, PRIORITY } from "../lib/queue/contract";
import { enqueueGeneration, queuePosition } from "../lib/queue/producer";
import { closeQueues, queue } from "../lib/queue/queues";
import {
  fetchJobs,
  makeGenerationJobs,
  round,
  setUpQueueBench,
  sleep,
  watchJobs,
} from "./lib/queue-bench";
import { percentile } from "./lib/stats";
import { startWorkerProcess, type WorkerProcess } from "./lib/workers";

const { values } = parseArgs({
  options: {
    batch: { type: "string", default: "1000" },
    free: { type: "string", default: "200" },
    samples: { type: "string", default: "20" },
    concurrency: { type: "string", default: "4" },
    latency: { type: "string", default: "500" },
    poll: { type: "string", default: "50" },
    size: { type: "string", default: "512" },
  },
});
const BATCH = Number(values.batch);
const FREE = Number(values.free);
const SAMPLES = Number(values.samples);
const CONCURRENCY = Number(values.concurrency);
const LATENCY_MS = Number(values.latency);
const POLL_MS = Number(values.poll);
const SIZE = Number(values.size);
const PROMPT = "priority benchmark portrait";

async function enqueueAll(jobs: readonly GenerationJob[], priority: number): Promise<void> {
  for (let start = 0; start < jobs.length; start += 50) {
    await Promise.all(jobs.slice(start, start + 50).map((j) => enqueueGeneration(j, priority)));
  }
}

async function main(): Promise<void> {
  const bench = await setUpQueueBench({
    redisDb: 5,
    latencyMs: LATENCY_MS,
    pollMs: POLL_MS,
    concurrency: CONCURRENCY,
    label: PROMPT,
  });
  let worker: WorkerProcess | undefined;
  /** The producer's answer right after each premium add: 1 = next to start, 0 = already started. */
  const positions: (number | null)[] = [];
  let premiums: Job[] = [];
  let backlog: Job[] = [];
  let premiumJobs: GenerationJob[] = [];
  try {
    console.log(`creating ${BATCH + FREE + SAMPLES} generation rows…`);
    const batch = await makeGenerationJobs(BATCH, `${PROMPT} batch`, SIZE);
    const free = await makeGenerationJobs(FREE, `${PROMPT} free`, SIZE);
    premiumJobs = await makeGenerationJobs(SAMPLES, `${PROMPT} premium`, SIZE);
    await queue("generations").waitUntilReady();

    // The whole backlog is in line before the worker takes anything, so its order is the queue's.
    await bench.generations.pause();
    await enqueueAll(batch, PRIORITY.batch);
    await enqueueAll(free, PRIORITY.free);
    worker = await startWorkerProcess(bench.workerEnv);
    // Busy before measuring: every slot taken and a few jobs through (pools open, code warm).
    const warm = [...free, ...batch].slice(0, 2 * CONCURRENCY);
    const warmed = watchJobs(
      bench.events,
      warm.map((j) => generationJobId(j.requestHash)),
      "completed",
    );
    await bench.generations.resume();
    await warmed;

    let pauseUpTo = LATENCY_MS;
    for (const premium of premiumJobs) {
      await sleep(Math.random() * pauseUpTo);
      const id = generationJobId(premium.requestHash);
      const started = watchJobs(bench.events, [id], "active", 60_000);
      await enqueueGeneration(premium, PRIORITY.premium);
      positions.push(await queuePosition(id));
      await started;
      // From now on the pause spans one job as measured (submit to stored), not just the provider.
      const done = (await bench.generations.getJobs(["completed"], 0, 2 * CONCURRENCY)).map(
        (j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0),
      );
      if (done.length > 0) pauseUpTo = percentile(done, 50);
    }
    // Graceful stop: the worker finishes the jobs it holds, so their durations count too.
    await worker.stop();
    backlog = await fetchJobs(bench.generations, [...batch, ...free]);
    premiums = await fetchJobs(bench.generations, premiumJobs);
  } finally {
    await worker?.stop();
    await closeQueues();
    await closeDb();
    await bench.close().catch(() => undefined);
  }
  report(premiums, positions, backlog);
}

function report(
  premiums: readonly Job[],
  positions: readonly (number | null)[],
  backlog: readonly Job[],
): void {
  const byPriority = (priority: number) => backlog.filter((j) => j.opts.priority === priority);
  const durations = backlog
    .filter((j) => j.finishedOn !== undefined && j.processedOn !== undefined)
    .map((j) => j.finishedOn! - j.processedOn!);
  const jobMs = percentile(durations, 50);
  const rows = premiums.map((job, i) => {
    const enqueued = job.timestamp;
    const start = job.processedOn!;
    // Jobs still waiting at the premium's enqueue, by class, and the ones that started before it did.
    const waiting = (jobs: Job[]) =>
      jobs.filter((j) => j.processedOn === undefined || j.processedOn > enqueued).length;
    const others = backlog.filter(
      (j) => j.processedOn !== undefined && j.processedOn > enqueued && j.processedOn < start,
    ).length;
    return {
      sample: i + 1,
      "free waiting": waiting(byPriority(PRIORITY.free)),
      "batch waiting": waiting(byPriority(PRIORITY.batch)),
      "position at enqueue": positions[i] ?? "-",
      "wait ms": start - enqueued,
      "others started first": others,
      "wait / job": round((start - enqueued) / jobMs),
    };
  });
  const waits = rows.map((r) => r["wait ms"]);
  const worstOthers = Math.max(...rows.map((r) => r["others started first"]));
  const maxWait = Math.max(...waits);

  console.log(
    `\n${BATCH} batch (priority ${PRIORITY.batch}) + ${FREE} free (priority ${PRIORITY.free}) jobs ahead, ` +
      `${premiums.length} premium (priority ${PRIORITY.premium}) jobs one at a time; one worker process, ` +
      `WORKER_CONCURRENCY ${CONCURRENCY}; simulated Fal latency ${LATENCY_MS} ms, poll every ${POLL_MS} ms`,
  );
  console.table(rows);
  console.table([
    {
      "baseline: one job p50 ms": Math.round(jobMs),
      "job p99 ms": Math.round(percentile(durations, 99)),
      "backlog jobs run": durations.length,
      "premium wait p50 ms": Math.round(percentile(waits, 50)),
      "premium wait max ms": maxWait,
      "wait p50 / job": round(percentile(waits, 50) / jobMs),
      "wait max / job": round(maxWait / jobMs),
      "max others started first": worstOthers,
    },
  ]);
  const ok = worstOthers === 0 && maxWait <= Math.max(...durations);
  console.log(
    ok
      ? "target met: every premium job was the next to start, within one job slot"
      : "TARGET MISSED: a premium job waited for more than one job slot",
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
