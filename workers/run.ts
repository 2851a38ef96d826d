import type { Env } from "@/lib/env";
import { providersFromEnv } from "@/lib/providers";
import { queueGenerationWebhooks } from "@/lib/webhooks/deliveries";
import { closeQueues, scheduleJob, worker } from "@/lib/queue/queues";
import { createRedis, quitRedis } from "@/lib/redis";
import { BusyGate } from "./busy-gate";
import { recordFinalFailure } from "./failure";
import { galleryProcessor } from "./gallery-processor";
import { generationProcessor, variantsProcessor } from "./generation-processor";
import { IdentityConcurrency } from "./identity-concurrency";
import { syncSpendAndAlert } from "@/lib/spend/record";
import { reconcilerProcessor } from "./reconciler";
import { startWebhookWorker } from "./webhook-processor";
import { logger } from "@/lib/observability/log";

const log = logger("worker");

/**
 * WebP variants are CPU work (sharp) that nobody is waiting on: one at a time per process keeps them
 * from slowing the generations people are waiting for on a small machine.
 */
const VARIANTS_CONCURRENCY = 1;
/** How often the budget counters are set from the spend ledger again (lib/spend/sync.ts). */
const SPEND_SYNC_EVERY_MS = 60_000;

/** How often each worker puts the reconciler's schedule in place again. */
const RESCHEDULE_EVERY_MS = 60_000;

export interface RunningWorkers {
  providers: string[];
  /** Waits for the active jobs to finish, takes no new ones, and closes the connections. */
  close(): Promise<void>;
}

/**
 * A provider may hold all but one of this process's slots, so that one that hangs leaves a slot
 * for the other (lib/providers/guards.ts).
 */
function providerSlots(concurrency: number): number {
  return Math.max(1, concurrency - 1);
}

/**
 * The generation worker (people's requests and gallery batch jobs), the variants worker, and the
 * reconciler that settles generations whose job the queue lost.
 */
export function startWorkers(config: Env): RunningWorkers {
  const providers = providersFromEnv(config, { pollIntervalMs: config.providerPollMs });
  const slots = createRedis("blocking", "concurrency");
  const webhooks = startWebhookWorker(config);
  const onEnded = (generationId: string) => queueGenerationWebhooks(generationId);
  const perProvider = providerSlots(config.workerConcurrency);
  const generate = generationProcessor({
    providers,
    concurrency: new IdentityConcurrency(slots),
    onEnded,
    providerSlots: perProvider,
  });
  const gallery = galleryProcessor({ providers, providerSlots: perProvider });

  // People's generations running here; the variants wait for a lull (see BusyGate).
  const busy = new BusyGate();
  const generations = worker(
    "generations",
    async (job, token) => {
      if (job.name === "gallery") return gallery(job, token);
      busy.enter();
      try {
        return await generate(job, token);
      } finally {
        busy.leave();
      }
    },
    {
      concurrency: config.workerConcurrency,
      // A worker that dies (SIGKILL, lost machine) stops renewing its lock (renewed every half of it),
      // and its job is "stalled" at the first check after the lock lapses: taken over within 1.5
      // locks. Taking over a live worker's job costs no second provider call either way: the call
      // is resumed, not submitted again.
      lockDuration: config.workerLockMs,
      stalledInterval: Math.round(config.workerLockMs / 2),
    },
  );
  generations.on("failed", (job, err) => {
    log.warn({ jobId: job?.id, err: err.message }, "job failed");
    if (job?.name === "generate") void recordFinalFailure(job, err, onEnded);
  });
  generations.on("stalled", (jobId) => log.warn({ jobId }, "job stalled; it will be retried"));

  const makeVariants = variantsProcessor();
  const variants = worker(
    "variants",
    async (job) => {
      await busy.idle();
      return makeVariants(job);
    },
    { concurrency: VARIANTS_CONCURRENCY },
  );
  variants.on("failed", (job, err) =>
    log.warn({ jobId: job?.id, err: err.message }, "variants job failed"),
  );

  const reconcile = reconcilerProcessor({ afterMs: config.reconcileAfterMs, onEnded });
  const maintenance = worker(
    "maintenance",
    async (job) => (job.name === "spend-sync" ? syncSpendAndAlert() : reconcile()),
    { concurrency: 1 },
  );
  maintenance.on("failed", (job, err) =>
    log.warn({ jobId: job?.id, job: job?.name, err: err.message }, "maintenance run failed"),
  );
  // The schedules live in Redis: put again now and then, so a Redis that lost its data (or was
  // down when this worker started) gets them back without a restart. Idempotent across workers.
  const schedule = () => {
    void scheduleJob("maintenance", "reconcile", {}, config.reconcileIntervalMs).catch(
      (err: Error) => log.warn({ err: err.message }, "could not schedule the reconciler"),
    );
    void scheduleJob("maintenance", "spend-sync", {}, SPEND_SYNC_EVERY_MS).catch((err: Error) =>
      log.warn({ err: err.message }, "could not schedule the spend counters' resync"),
    );
  };
  schedule();
  const rescheduling = setInterval(schedule, RESCHEDULE_EVERY_MS);

  return {
    providers: providers.map((p) => p.name),
    async close() {
      clearInterval(rescheduling);
      // close() waits for the jobs in progress to finish and takes no new ones.
      await Promise.all([
        generations.close(),
        variants.close(),
        maintenance.close(),
        webhooks.close(),
      ]);
      await closeQueues();
      await quitRedis(slots);
    },
  };
}
