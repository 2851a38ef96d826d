import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { closeDb, query } from "@/lib/db";
import { getGeneration } from "@/lib/generations/repository";
import { closeJobEvents } from "@/lib/queue/events";
import { closeQueues } from "@/lib/queue/queues";
import { headObject } from "@/lib/storage";
import { startSimulator, type Simulator } from "@/dev/simulator/server";
import { startService, stopService } from "@/scripts/stack/index";
import {
  accept,
  type Accepted,
  cleanSlate,
  payingCaller,
  settleAll,
  testStack,
  until,
  Workers,
} from "@/tests/integration/lifecycle";

// Issue 9, defect 5: storage goes away after the provider made the image. The image is paid for:
// the worker keeps it and stores it once storage is back, and a worker that dies meanwhile leaves a
// record from which the next one downloads it again, never asking the provider for a new one.

let sim: Simulator;
let workers: Workers;
const stack = testStack();

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  workers = new Workers({ FAL_KEY: "sim", FAL_BASE_URL: sim.url, WORKER_CONCURRENCY: "4" });
});
beforeEach(async () => {
  workers.killAll();
  await cleanSlate();
  sim.resetCounts();
});
afterAll(async () => {
  workers.killAll();
  await startService("s3", stack);
  await sim.close();
  await closeJobEvents();
  await closeQueues();
  await closeDb();
});

it(
  "stores every image made during a storage outage once storage is back: one provider call per job",
  { timeout: 60_000 },
  async () => {
    sim.setFaults("fal", { latencyMs: 1_500 });
    await workers.start();
    const caller = await payingCaller();
    const accepted: Accepted[] = [];
    for (let i = 0; i < 12; i++) accepted.push(await accept(caller, `kept through an outage ${i}`));
    await until(
      "the first provider calls",
      async () => sim.counts().fal.submits >= 2 || undefined,
      10_000,
    );
    await stopService("s3", stack);
    await new Promise((r) => setTimeout(r, 6_000));
    await startService("s3", stack);

    const rows = await settleAll(accepted, 40_000, async () => workers.log.join("\n"));
    expect(rows.map((r) => r.status)).toEqual(Array(12).fill("succeeded"));
    expect(sim.counts().fal.submits).toBe(12);
    for (const row of rows) {
      const { object_keys } = (await getGeneration(row.id))!;
      expect(await headObject(object_keys!.png)).not.toBeNull();
    }
  },
);

it(
  "downloads a paid-for image again after its worker died waiting for storage, without a new call",
  { timeout: 60_000 },
  async () => {
    sim.setFaults("fal", { latencyMs: 300 });
    const first = await workers.start();
    await stopService("s3", stack);
    const job = await accept(await payingCaller(), `paid for before a crash ${Date.now()}`);
    // The call succeeded and was recorded; the worker now waits for storage with the image in hand.
    await until(
      "the recorded call",
      async () =>
        (
          await query(
            "select 1 from public.provider_calls where generation_id = $1 and outcome = 'succeeded'",
            [job.row.id],
          )
        ).length > 0 || undefined,
      15_000,
    );
    await workers.kill(first);
    await startService("s3", stack);
    await workers.start();

    const [row] = await settleAll([job], 40_000, async () => workers.log.join("\n"));
    expect(row).toMatchObject({ status: "succeeded", provider: "fal" });
    expect(sim.counts().fal.submits).toBe(1);
  },
);
