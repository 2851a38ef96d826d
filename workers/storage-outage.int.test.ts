import { beforeEach, expect, it } from "vitest";
import { query } from "@/lib/db";
import { getGeneration } from "@/lib/generations/repository";
import { headObject } from "@/lib/storage";
import { startService, stopService } from "@/scripts/stack/index";
import {
  accept,
  type Accepted,
  cleanSlate,
  payingCaller,
  settleAll,
  testStack,
  until,
  simulatedWorkers,
} from "@/tests/integration/lifecycle";

// Issue 9, defect 5: storage goes away after the provider made the image. The image is paid for:
// the worker keeps it and stores it once storage is back, and a worker that dies meanwhile leaves a
// record from which the next one downloads it again, never asking the provider for a new one.

const stack = testStack();
const t = simulatedWorkers({
  falOnly: true,
  env: { WORKER_CONCURRENCY: "4" },
  restore: () => startService("s3", stack),
});

beforeEach(async () => {
  t.workers.killAll();
  await cleanSlate();
  t.sim.resetCounts();
});

it(
  "stores every image made during a storage outage once storage is back: one provider call per job",
  { timeout: 60_000 },
  async () => {
    t.sim.setFaults("fal", { latencyMs: 1_500 });
    await t.workers.start();
    const caller = await payingCaller();
    const accepted: Accepted[] = [];
    for (let i = 0; i < 12; i++) accepted.push(await accept(caller, `kept through an outage ${i}`));
    await until(
      "the first provider calls",
      async () => t.sim.counts().fal.submits >= 2 || undefined,
      10_000,
    );
    await stopService("s3", stack);
    await new Promise((r) => setTimeout(r, 6_000));
    await startService("s3", stack);

    const rows = await settleAll(accepted, 40_000, async () => t.workers.log.join("\n"));
    expect(rows.map((r) => r.status)).toEqual(Array(12).fill("succeeded"));
    expect(t.sim.counts().fal.submits).toBe(12);
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
    t.sim.setFaults("fal", { latencyMs: 300 });
    const first = await t.workers.start();
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
    await t.workers.kill(first);
    await startService("s3", stack);
    await t.workers.start();

    const [row] = await settleAll([job], 40_000, async () => t.workers.log.join("\n"));
    expect(row).toMatchObject({ status: "succeeded", provider: "fal" });
    expect(t.sim.counts().fal.submits).toBe(1);
  },
);
