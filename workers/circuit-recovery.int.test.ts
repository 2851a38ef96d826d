import { expect, it } from "vitest";

// One try per job, as queued by this process (env is read once, on first use), so the jobs that
// open the circuits fail fast.
process.env.GENERATION_JOB_ATTEMPTS = "1";

import {
  accept,
  type Accepted,
  payingCaller,
  settleAll,
  simulatedWorkers,
} from "@/tests/integration/lifecycle";

const t = simulatedWorkers({ env: { WORKER_CONCURRENCY: "4" } });

// Issue 9, defect 7: after both providers failed long enough to open both circuit breakers, they
// recover. Requests from then on must be served within seconds (a half-open circuit lets a probe
// through), never failed at once because of breakers that opened on other jobs' errors.

it(
  "serves requests again within seconds of the providers' recovery, though both circuits were open",
  { timeout: 60_000 },
  async () => {
    t.sim.setFaults("fal", { submitStatus: 500 });
    t.sim.setFaults("replicate", { submitStatus: 500 });
    await t.workers.start();
    const caller = await payingCaller();
    // Three failures in a row open each provider's circuit.
    const outage: Accepted[] = [];
    for (let i = 0; i < 3; i++) {
      outage.push(await accept(caller, `during the outage ${i}`));
      await settleAll(outage.slice(-1), 20_000, async () => t.workers.log.join("\n"));
    }
    expect(t.sim.counts()).toMatchObject({ fal: { submits: 3 }, replicate: { submits: 3 } });

    t.sim.resetFaults();
    const recovered: Accepted[] = [];
    for (let i = 0; i < 4; i++) recovered.push(await accept(caller, `after recovery ${i}`));
    // The circuits let a probe through 5 s after they opened; the jobs wait for it, not fail.
    const rows = await settleAll(recovered, 12_000, async () => t.workers.log.join("\n"));
    expect(rows.map((r) => r.status)).toEqual(Array(4).fill("succeeded"));
  },
);
