import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { succeededGeneration } from "@/lib/generations/wait";
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

// Issue 9, defect 3: Fal accepts every request and never finishes it. Each call must be given up in
// seconds (FLUX schnell takes ~2 s), the hung provider must not hold every worker slot, and a premium
// request sent during the hang must be served by Replicate within 10 s, the synchronous dialects
// answering with its image rather than a timeout.

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
  "fails over from a hung Fal in seconds, and serves a premium request sent during the hang within 10 s",
  { timeout: 60_000 },
  async () => {
    sim.setFaults("fal", { hang: true });
    await workers.start();
    const burst = await payingCaller("enterprise");
    const accepted: Accepted[] = [];
    for (let i = 0; i < 4; i++) accepted.push(await accept(burst, `patient under a hang ${i}`));
    await new Promise((r) => setTimeout(r, 2_000));

    const premium = await accept(await payingCaller("premium"), "premium during a hang");
    accepted.push(premium);
    // What the OpenAI and Pollinations dialects do: wait for the image, with their default wait.
    const image = await succeededGeneration(premium.row);
    const servedIn = Date.now() - premium.acceptedAt;

    expect(image).toMatchObject({ status: "succeeded", provider: "replicate" });
    expect(servedIn).toBeLessThan(10_000);
    // Every call to the hung Fal is given up within an attempt's deadline (6 s for schnell) and
    // fails over: 20 s bounds them all.
    const rows = await settleAll(accepted, 20_000, async () => workers.log.join("\n"));
    expect(rows.map((r) => `${r.status} ${r.provider}`)).toEqual(
      Array(5).fill("succeeded replicate"),
    );
    // Fal got at most the slots it may hold (3 of 4); its circuit opened on the timeouts after that.
    expect(sim.counts().fal.submits).toBeLessThanOrEqual(3);
    expect(sim.counts().replicate.submits).toBe(5);
  },
);
