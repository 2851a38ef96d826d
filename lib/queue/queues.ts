import { type Job, type JobsOptions, Queue, QueueEvents, Worker, type WorkerOptions } from "bullmq";
import { createRedis, quitRedis, type Redis } from "@/lib/redis";
import {
  type JobData,
  type JobName,
  jobSpec,
  QUEUE_CONTRACT,
  type QueueKey,
  queueName,
  type QueuePayload,
} from "./contract";
import { instrumentWorker } from "./job-metrics";
import { logger } from "@/lib/observability/log";

const log = logger("queue");

/**
 * The only place a BullMQ Queue, Worker or QueueEvents is constructed: each is built from its entry
 * in the contract (name, payload schemas, job options), so producers and processors cannot drift.
 */

export type ContractQueue<Q extends QueueKey> = Queue<QueuePayload<Q>, unknown, JobName<Q>>;
export type ContractJob<Q extends QueueKey, R = unknown> = Job<QueuePayload<Q>, R, JobName<Q>>;

const globalForQueues = globalThis as typeof globalThis & {
  likenessQueues?: Map<QueueKey, { queue: Queue; redis: Redis }>;
};

function producers(): Map<QueueKey, { queue: Queue; redis: Redis }> {
  globalForQueues.likenessQueues ??= new Map();
  return globalForQueues.likenessQueues;
}

/**
 * The process's producer for a queue (one per queue per process), on a fail-fast connection: while
 * Redis is down an add fails at once and the request answers 503.
 */
export function queue<Q extends QueueKey>(key: Q): ContractQueue<Q> {
  let entry = producers().get(key);
  if (!entry) {
    const redis = createRedis("fail-fast", `queue:${key}`);
    entry = { queue: buildQueue(key, redis), redis };
    producers().set(key, entry);
  }
  return entry.queue as ContractQueue<Q>;
}

function buildQueue<Q extends QueueKey>(key: Q, connection: Redis): ContractQueue<Q> {
  return new Queue(queueName(key), {
    connection,
    defaultJobOptions: QUEUE_CONTRACT[key].defaults(),
  }) as ContractQueue<Q>;
}

/**
 * A queue of the contract on another Redis than this process's own (a test or benchmark driving an
 * app instance with its own database): not shared, on a blocking connection; `close` ends both.
 */
export function openQueue<Q extends QueueKey>(
  key: Q,
  url: string,
): { queue: ContractQueue<Q>; close(): Promise<void> } {
  const connection = createRedis("blocking", `queue:${key}`, url);
  const opened = buildQueue(key, connection);
  return {
    queue: opened,
    async close() {
      await opened.close();
      await quitRedis(connection);
    },
  };
}

/** The connection a queue's producer uses, for reads BullMQ has no method for (queue positions). */
export function queueRedis(key: QueueKey): Redis {
  queue(key);
  return producers().get(key)!.redis;
}

/** Adds one job, its payload checked against the contract and its job options applied. */
export async function addJob<Q extends QueueKey, N extends JobName<Q>>(
  key: Q,
  name: N,
  data: JobData<Q, N>,
  options: JobsOptions = {},
): Promise<ContractJob<Q>> {
  const spec = jobSpec(key, name);
  const payload = spec.schema.parse(data) as QueuePayload<Q>;
  const target: Queue = queue(key);
  const job = await target.add(name, payload, { ...spec.options(), ...options });
  return job as unknown as ContractJob<Q>;
}

/** Adds many jobs of one name in one round trip (BullMQ's addBulk), each checked like addJob. */
export async function addJobs<Q extends QueueKey, N extends JobName<Q>>(
  key: Q,
  name: N,
  jobs: readonly { data: JobData<Q, N>; options?: JobsOptions }[],
): Promise<void> {
  if (jobs.length === 0) return;
  const spec = jobSpec(key, name);
  const target: Queue = queue(key);
  await target.addBulk(
    jobs.map((job) => ({
      name,
      data: spec.schema.parse(job.data) as QueuePayload<Q>,
      opts: { ...spec.options(), ...job.options },
    })),
  );
}

/**
 * Runs a job of the contract every `everyMs` (a BullMQ job scheduler, keyed by the job's name):
 * however many processes call this, the queue holds one schedule, and each run goes to one worker.
 */
export async function scheduleJob<Q extends QueueKey, N extends JobName<Q>>(
  key: Q,
  name: N,
  data: JobData<Q, N>,
  everyMs: number,
): Promise<void> {
  const spec = jobSpec(key, name);
  const target: Queue = queue(key);
  await target.upsertJobScheduler(
    name,
    { every: everyMs },
    { name, data: spec.schema.parse(data), opts: spec.options() },
  );
}

export type ContractProcessor<Q extends QueueKey, R = unknown> = (
  job: ContractJob<Q, R>,
  token?: string,
) => Promise<R>;

/**
 * A Worker for a queue, on a blocking connection of its own that is closed with it. Connection
 * errors are logged and its jobs measured here (job-metrics.ts); the caller adds its own
 * `failed`/`stalled` handling.
 */
export function worker<Q extends QueueKey, R = unknown>(
  key: Q,
  processor: ContractProcessor<Q, R>,
  options: Omit<WorkerOptions, "connection"> = {},
): Worker<QueuePayload<Q>, R, JobName<Q>> {
  const connection = createRedis("blocking", `worker:${key}`);
  const created = new Worker<QueuePayload<Q>, R, JobName<Q>>(queueName(key), processor, {
    ...options,
    connection,
  });
  created.on("error", (err) => log.warn({ queue: key, err: err.message }, "worker error"));
  created.on("closed", () => void quitRedis(connection));
  instrumentWorker(key, created as unknown as Worker);
  return created;
}

/** A QueueEvents reader for a queue on its own blocking connection; `close` ends both. */
export function queueEvents(
  key: QueueKey,
  url?: string,
): { events: QueueEvents; close(): Promise<void> } {
  const connection = createRedis("blocking", `events:${key}`, url);
  const events = new QueueEvents(queueName(key), { connection });
  events.on("error", (err) => log.warn({ queue: key, err: err.message }, "queue events error"));
  return {
    events,
    async close() {
      await events.close();
      await quitRedis(connection);
    },
  };
}

/** Closes every producer this process opened (tests, scripts, worker shutdown). */
export async function closeQueues(): Promise<void> {
  const entries = [...producers().values()];
  producers().clear();
  await Promise.all(
    entries.map(async ({ queue: q, redis }) => {
      await q.close().catch(() => undefined);
      redis.disconnect();
    }),
  );
}
