import { expect, it } from "vitest";
import { startService } from "@/scripts/stack/index";
import {
  accept,
  type Accepted,
  crashPostgres,
  payingCaller,
  settleAll,
  standingCharges,
  testStack,
  until,
  simulatedWorkers,
} from "@/tests/integration/lifecycle";

// Issue 9, defect 1: the postmaster SIGKILLed for ~11 s in the middle of a burst. Every accepted job
// must still end (none stranded queued or running), its events stream must end, and it must be
// charged once or refunded; the provider is asked once per job, whatever the database did meanwhile.

const stack = testStack();
const t = simulatedWorkers({
  falOnly: true,
  env: { WORKER_CONCURRENCY: "4" },
  restore: () => startService("pg", stack),
});

it(
  "ends every job accepted before the database went down: charged once or refunded, one provider call each",
  { timeout: 90_000 },
  async () => {
    t.sim.setFaults("fal", { latencyMs: 2_000 });
    await t.workers.start();
    const caller = await payingCaller();
    const accepted: Accepted[] = [];
    for (let i = 0; i < 12; i++) accepted.push(await accept(caller, `outage survivor ${i}`));
    // Some are at the provider, the rest wait in line for a slot.
    await until(
      "the first provider calls",
      async () => t.sim.counts().fal.submits >= 4 || undefined,
      10_000,
    );

    await crashPostgres(stack, 11_000);

    // 12 jobs of 2 s on 4 slots take 6 s; the outage adds 11 s and the backoff of the waiting jobs
    // (1 + 2 + 4 + 8 s at most, then 10 s) a few more: 45 s is the bound, with room to spare.
    const rows = await settleAll(accepted, 45_000, async () => t.workers.log.join("\n"));
    expect(rows.filter((r) => r.status === "succeeded")).toHaveLength(12);
    expect(await standingCharges(caller)).toBe(12);
    expect(t.sim.counts().fal.submits).toBe(12);
  },
);
