import { afterAll, beforeAll, expect, it } from "vitest";

// One try per job, as queued by this process (env is read once, on first use), so the jobs that
// open the circuits fail fast.
process.env.GENERATION_JOB_ATTEMPTS = "1";

import { closeDb } from "@/lib/db";
import { closeJobEvents } from "@/lib/queue/events";
import { closeQueues } from "@/lib/queue/queues";
import { startSimulator, type Simulator } from "@/dev/simulator/server";
import {
  accept,
  type Accepted,
  cleanSlate,
  payingCaller,
  settleAll,
  Workers,
} from "@/tests/integration/lifecycle";

// Issue 9, defect 7: after both providers failed long enough to open both circuit breakers, they
// recover. Requests from then on must be served within seconds (a half-open circuit lets a probe
// through), never failed at once because of breakers that opened on other jobs' errors.

let sim: Simulator;
let workers: Workers;

beforeAll(async () => {
  await cleanSlate();
  sim = await startSimulator({ port: 0 });
  workers = new Workers({
    FAL_KEY: "sim",
    FAL_BASE_URL: sim.url,
    REPLICATE_API_TOKEN: "sim",
    REPLICATE_BASE_URL: `${sim.url}/v1`,
    WORKER_CONCURRENCY: "4",
  });
});
afterAll(async () => {
  workers.killAll();
  await sim.close();
  await closeJobEvents();
  await closeQueues();
  await closeDb();
});

it(
  "serves requests again within seconds of the providers' recovery, though both circuits were open",
  { timeout: 60_000 },
  async () => {
    sim.setFaults("fal", { submitStatus: 500 });
    sim.setFaults("replicate", { submitStatus: 500 });
    await workers.start();
    const caller = await payingCaller();
    // Three failures in a row open each provider's circuit.
    const outage: Accepted[] = [];
    for (let i = 0; i < 3; i++) {
      outage.push(await accept(caller, `during the outage ${i}`));
      await settleAll(outage.slice(-1), 20_000, async () => workers.log.join("\n"));
    }
    expect(sim.counts()).toMatchObject({ fal: { submits: 3 }, replicate: { submits: 3 } });

    sim.resetFaults();
    const recovered: Accepted[] = [];
    for (let i = 0; i < 4; i++) recovered.push(await accept(caller, `after recovery ${i}`));
    // The circuits let a probe through 5 s after they opened; the jobs wait for it, not fail.
    const rows = await settleAll(recovered, 12_000, async () => workers.log.join("\n"));
    expect(rows.map((r) => r.status)).toEqual(Array(4).fill("succeeded"));
  },
);
