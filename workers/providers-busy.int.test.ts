import { expect, it } from "vitest";

// One try per job, as queued by this process (env is read once, on first use): the deadline of a
// FLUX schnell job is then 2 providers × 6 s + 10 s to store = 22 s.
process.env.GENERATION_JOB_ATTEMPTS = "1";

import { ApiError } from "@/lib/api/errors";
import { jobDeadlineMs } from "@/lib/catalog/deadlines";
import { succeededGeneration } from "@/lib/generations/wait";
import {
  accept,
  type Accepted,
  payingCaller,
  settleAll,
  standingCharges,
  simulatedWorkers,
} from "@/tests/integration/lifecycle";

const t = simulatedWorkers({ env: { WORKER_CONCURRENCY: "4" } });

// Issue 9, defect 4: Fal and Replicate both answer every submit with 429 (Retry-After: 1). Each job
// must end by its deadline as providers_busy (not providers_unavailable), refunded, its stream and
// any synchronous caller told; Retry-After is honoured, so the providers are not hammered meanwhile.

it(
  "ends every job as providers_busy by its deadline, refunded, when every provider answers 429",
  { timeout: 60_000 },
  async () => {
    t.sim.setFaults("fal", { submitStatus: 429, retryAfterSeconds: 1 });
    t.sim.setFaults("replicate", { submitStatus: 429, retryAfterSeconds: 1 });
    await t.workers.start();
    const caller = await payingCaller();
    const accepted: Accepted[] = [];
    for (let i = 0; i < 6; i++) accepted.push(await accept(caller, `turned away ${i}`));
    const waited = succeededGeneration(accepted[0]!.row).catch((e: unknown) => e);

    const deadline = jobDeadlineMs("flux-schnell", 1);
    const rows = await settleAll(accepted, deadline + 5_000, async () => t.workers.log.join("\n"));
    expect(rows.map((r) => `${r.status} ${r.error_code}`)).toEqual(
      Array(6).fill("failed providers_busy"),
    );
    expect(await standingCharges(caller)).toBe(0);
    const told = await waited;
    expect(told).toBeInstanceOf(ApiError);
    expect(told).toMatchObject({ code: "providers_busy", status: 503 });
    // Once per Retry-After (1 s) per provider from this worker, for the ~22 s of the deadline: not
    // the client libraries' own immediate retries (6 per Replicate submit) nor one per job.
    const { fal, replicate } = t.sim.counts();
    expect(fal.submits).toBeLessThanOrEqual(30);
    expect(replicate.submits).toBeLessThanOrEqual(30);
  },
);
