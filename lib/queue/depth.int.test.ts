import { afterAll, beforeAll, expect, it } from "vitest";
import { metricsRegistry } from "@/lib/observability/metrics";
import { PRIORITY, QUEUE_CONTRACT } from "./contract";
import { queueSnapshots, reportQueueDepth } from "./depth";
import { closeQueues, queue, worker } from "./queues";

beforeAll(async () => {
  await queue("generations").obliterate({ force: true });
  await queue("generations").pause();
});
afterAll(async () => {
  await queue("generations").obliterate({ force: true });
  await closeQueues();
});

const add = (index: number, priority?: number) =>
  queue("generations").add("gallery", { index }, { priority, jobId: `depth-${index}` });

it("reports every queue of the contract, and the generation queue's waiting jobs per lane", async () => {
  await add(1, PRIORITY.enterprise);
  await add(2, PRIORITY.anonymous);
  await add(3, PRIORITY.anonymous);
  await add(4, PRIORITY.batch);
  await add(5, 33); // a tier given a priority of its own
  await add(6); // no priority: BullMQ's plain wait list

  const snapshots = await queueSnapshots();
  const contract = Object.values(QUEUE_CONTRACT).map((q) => q.name);
  expect(contract).toEqual(expect.arrayContaining(["generations", "image-variants", "webhooks"]));
  expect(snapshots.map((s) => s.queue).sort()).toEqual(contract.sort());
  const generations = snapshots.find((s) => s.queue === "generations")!;
  expect(generations.lanes).toEqual({
    enterprise: 1,
    premium: 0,
    free: 0,
    anonymous: 2,
    batch: 1,
    other: 2,
  });
  expect(generations.states).toMatchObject({ waiting: 1, prioritized: 5, active: 0 });

  reportQueueDepth();
  const text = await metricsRegistry().metrics();
  expect(text).toContain('likeness_queue_depth{queue="generations",lane="anonymous"} 2');
  expect(text).toContain('likeness_queue_jobs{queue="generations",state="prioritized"} 5');
  expect(text).toContain('likeness_queue_jobs{queue="webhooks",state="waiting"} 0');
});

it("times each job's wait and run by lane in the worker that ran it", async () => {
  metricsRegistry().resetMetrics();
  const run = worker(
    "generations",
    async (job) => {
      await new Promise((r) => setTimeout(r, 50));
      if ((job.data as { index: number }).index === 4) throw new Error("no");
    },
    { concurrency: 1 },
  );
  await queue("generations").resume();
  await expect
    .poll(async () => await queue("generations").getJobCounts("prioritized", "waiting", "active"))
    .toEqual({ prioritized: 0, waiting: 0, active: 0 });
  await run.close();

  const text = await metricsRegistry().metrics();
  expect(text).toContain(
    'likeness_queue_wait_seconds_count{queue="generations",lane="anonymous"} 2',
  );
  expect(text).toContain('likeness_queue_run_seconds_count{queue="generations",lane="none"} 1');
  expect(text).toContain(
    'likeness_queue_jobs_ended_total{queue="generations",result="completed"} 5',
  );
  expect(text).toContain('likeness_queue_jobs_ended_total{queue="generations",result="failed"} 1');
  const runSum =
    /likeness_queue_run_seconds_sum\{queue="generations",lane="enterprise"\} ([\d.]+)/.exec(text);
  expect(Number(runSum?.[1])).toBeGreaterThanOrEqual(0.04);
});
