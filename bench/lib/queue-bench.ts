import { randomInt } from "node:crypto";
import { cpus } from "node:os";
import type { Job, Queue, QueueEvents } from "bullmq";
import { normalizeGeneration, requestHash } from "../../lib/generations/normalize";
import { upsertQueued } from "../../lib/generations/repository";
import { localStack } from "../../lib/local-stack";
import {
  generationJobId,
  type GenerationJob,
  QUEUE_CONTRACT,
  type QueueKey,
} from "../../lib/queue/contract";
import { openQueue, queueEvents } from "../../lib/queue/queues";
import { startSimulator, type Simulator } from "../../dev/simulator/server";
import { ensureServices, stackContext } from "../../scripts/stack/index";
import { benchDatabase, benchDatabaseUrl } from "./app";

export interface QueueBenchOptions {
  /** Redis database number of this benchmark, so it never sees another one's queue. */
  redisDb: number;
  /** Fal latency at the simulator. */
  latencyMs: number;
  /** PROVIDER_POLL_MS of the workers. */
  pollMs: number;
  /** WORKER_CONCURRENCY of each worker process. */
  concurrency: number;
  /** Prompt prefix of this benchmark's rows; earlier runs' rows with it are deleted first. */
  label: string;
}

export interface QueueBench {
  /** The environment to start worker processes with. */
  workerEnv: NodeJS.ProcessEnv;
  sim: Simulator;
  generations: Queue;
  /** Events of the generations queue, for watchJobs. */
  events: QueueEvents;
  /** The contract's other queues (image variants), which generation jobs feed. */
  others: Queue[];
  close(): Promise<void>;
}

/**
 * Shared setup of the benchmarks that drive the generation queue directly (no web server): the test
 * stack, the bench database, the provider simulator playing Fal, a Redis db of their own with every
 * queue of the contract emptied, and the environment for worker processes. The benchmark process
 * itself enqueues through lib (producer, repository), so process.env gets the same DATABASE_URL and
 * REDIS_URL before lib first reads it (lib/env.ts parses lazily, on first use).
 */
export async function setUpQueueBench(options: QueueBenchOptions): Promise<QueueBench> {
  const base = { ...process.env, LIKENESS_PROFILE: "test" as const };
  await ensureServices(["pg", "redis", "s3"], stackContext(base));
  const client = await benchDatabase(base);
  await client.query("delete from public.generations where prompt like $1", [`${options.label}%`]);
  await client.end();

  const databaseUrl = benchDatabaseUrl(base);
  const redisUrl = `redis://127.0.0.1:${localStack(base).redis.port}/${options.redisDb}`;
  Object.assign(process.env, {
    LIKENESS_PROFILE: "test",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
  });

  // Explicit faults, so SIM_* variables of the shell never change what is measured.
  const sim = await startSimulator({
    port: 0,
    initialFaults: { fal: { latencyMs: options.latencyMs }, replicate: {} },
  });
  const opened = (Object.keys(QUEUE_CONTRACT) as QueueKey[]).map((key) => openQueue(key, redisUrl));
  const generations = opened[0]!.queue as unknown as Queue;
  const others = opened.slice(1).map((o) => o.queue as unknown as Queue);
  for (const queue of [generations, ...others]) {
    await queue.obliterate({ force: true });
    await queue.resume();
  }
  const reader = queueEvents("generations", redisUrl);
  const events = reader.events;
  await events.waitUntilReady();

  return {
    workerEnv: {
      ...base,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      FAL_KEY: "sim-key",
      FAL_BASE_URL: sim.url,
      // Fal only: a Replicate token in the shell would add a fallback provider to the measurement.
      REPLICATE_API_TOKEN: "",
      PROVIDER_POLL_MS: String(options.pollMs),
      WORKER_CONCURRENCY: String(options.concurrency),
    },
    sim,
    generations,
    events,
    others,
    async close() {
      await reader.close();
      for (const { queue, close } of opened) {
        await queue.obliterate({ force: true }).catch(() => undefined);
        await close();
      }
      await sim.close();
    },
  };
}

let nextSeed = randomInt(0, 2 ** 30);

/**
 * `count` generation jobs with real `generations` rows (the worker reads the row by id). Every one has
 * a fresh seed, so no two share a cache key and none is answered from an earlier result.
 */
export async function makeGenerationJobs(
  count: number,
  prompt: string,
  size: number,
): Promise<GenerationJob[]> {
  const jobs: GenerationJob[] = [];
  for (let start = 0; start < count; start += 10) {
    const batch = Array.from({ length: Math.min(10, count - start) }, async () => {
      const request = normalizeGeneration({
        prompt,
        style: "lorelei",
        model: "flux-schnell",
        width: size,
        height: size,
        seed: nextSeed++,
        private: false,
      });
      const hash = requestHash(request);
      const row = await upsertQueued(hash, request, { private: false });
      return { generationId: row.id, requestHash: hash, request };
    });
    jobs.push(...(await Promise.all(batch)));
  }
  return jobs;
}

/** The BullMQ jobs of `jobs` (by their generation job ids), fetched a few dozen at a time. */
export async function fetchJobs(queue: Queue, jobs: readonly GenerationJob[]): Promise<Job[]> {
  const found: Job[] = [];
  for (let start = 0; start < jobs.length; start += 50) {
    const ids = jobs.slice(start, start + 50).map((j) => generationJobId(j.requestHash));
    const batch = await Promise.all(ids.map((id) => queue.getJob(id)));
    for (const [i, job] of batch.entries()) {
      if (!job) throw new Error(`job ${ids[i]} is gone from the queue`);
      found.push(job);
    }
  }
  return found;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until none of `queues` has work left (waiting, prioritized, delayed or active). */
export async function drained(queues: readonly Queue[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all(
      queues.map((q) => q.getJobCounts("waiting", "prioritized", "delayed", "active")),
    );
    if (counts.every((c) => Object.values(c).every((n) => n === 0))) return;
    if (Date.now() > deadline) throw new Error(`queues not drained: ${JSON.stringify(counts)}`);
    await sleep(50);
  }
}

/** The latest finishedOn among `queue`'s completed jobs that finished at or after `since`. */
export async function lastFinishedSince(queue: Queue, since: number): Promise<number | undefined> {
  const done = await queue.getJobs(["completed"], 0, -1);
  const times = done.map((j) => j.finishedOn ?? 0).filter((t) => t >= since);
  return times.length > 0 ? Math.max(...times) : undefined;
}

export interface CpuUse {
  wallMs: number;
  /** CPU time of the worker processes. */
  workersMs: number;
  /** CPU time of this process: the simulator (it renders every image) and the benchmark itself. */
  benchMs: number;
  /** Busy share of all cores, by anything on the machine (1 = every core saturated). */
  machine: number;
}

/**
 * Starts measuring CPU; the returned function ends the measurement. `workersCpuMs` reads the worker
 * processes' CPU time so far. Postgres, Redis and s3rver count only in `machine`: the test stack is
 * shared, so their time is not attributable to this benchmark alone.
 */
export function cpuMeter(workersCpuMs: () => number): () => CpuUse {
  const total = () =>
    cpus().reduce(
      (acc, cpu) => {
        const { user, nice, sys, irq, idle } = cpu.times;
        const busy = user + nice + sys + irq;
        return { busy: acc.busy + busy, all: acc.all + busy + idle };
      },
      { busy: 0, all: 0 },
    );
  const machine = total();
  const self = process.cpuUsage();
  const workers = workersCpuMs();
  const wall = performance.now();
  return () => {
    const end = total();
    const used = process.cpuUsage(self);
    return {
      wallMs: performance.now() - wall,
      workersMs: workersCpuMs() - workers,
      benchMs: (used.user + used.system) / 1000,
      machine: (end.busy - machine.busy) / Math.max(1, end.all - machine.all),
    };
  };
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Resolves once every job in `ids` has reached `event` ("active": started, "completed": finished),
 * rejects as soon as one of them fails. Call it before enqueueing, so no event is missed.
 */
export function watchJobs(
  events: QueueEvents,
  ids: readonly string[],
  event: "active" | "completed",
  timeoutMs = 300_000,
): Promise<void> {
  const pending = new Set(ids);
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      events.off(event, onEvent);
      events.off("failed", onFailed);
      if (error) reject(error);
      else resolve();
    };
    const onEvent = ({ jobId }: { jobId: string }) => {
      if (pending.delete(jobId) && pending.size === 0) done();
    };
    const onFailed = ({ jobId, failedReason }: { jobId: string; failedReason: string }) => {
      if (pending.has(jobId)) done(new Error(`job ${jobId} failed: ${failedReason}`));
    };
    const timer = setTimeout(
      () =>
        done(new Error(`${pending.size} of ${ids.length} jobs not ${event} in ${timeoutMs} ms`)),
      timeoutMs,
    );
    events.on(event, onEvent);
    events.on("failed", onFailed);
    if (pending.size === 0) done();
  });
}
