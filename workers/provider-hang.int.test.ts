import { expect, it } from "vitest";
import { succeededGeneration } from "@/lib/generations/wait";
import {
  accept,
  type Accepted,
  payingCaller,
  settleAll,
  simulatedWorkers,
} from "@/tests/integration/lifecycle";

const t = simulatedWorkers({ env: { WORKER_CONCURRENCY: "4" } });

// Issue 9, defect 3: Fal accepts every request and never finishes it. Each call must be given up in
// seconds (FLUX schnell takes ~2 s), the hung provider must not hold every worker slot, and a premium
// request sent during the hang must be served by Replicate within 10 s, the synchronous dialects
// answering with its image rather than a timeout.

it(
  "fails over from a hung Fal in seconds, and serves a premium request sent during the hang within 10 s",
  { timeout: 60_000 },
  async () => {
    t.sim.setFaults("fal", { hang: true });
    await t.workers.start();
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
    const rows = await settleAll(accepted, 20_000, async () => t.workers.log.join("\n"));
    expect(rows.map((r) => `${r.status} ${r.provider}`)).toEqual(
      Array(5).fill("succeeded replicate"),
    );
    // Fal got at most the slots it may hold (3 of 4); its circuit opened on the timeouts after that.
    expect(t.sim.counts().fal.submits).toBeLessThanOrEqual(3);
    expect(t.sim.counts().replicate.submits).toBe(5);
  },
);
