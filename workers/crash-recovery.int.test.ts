import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { closeDb, query } from "@/lib/db";
import { getGeneration } from "@/lib/generations/repository";
import { closeJobEvents } from "@/lib/queue/events";
import { closeQueues } from "@/lib/queue/queues";
import { startSimulator, type Simulator } from "@/dev/simulator/server";
import { headObject } from "@/lib/storage";
import {
  accept,
  type Accepted,
  cleanSlate,
  payingCaller,
  settleAll,
  until,
  Workers,
} from "@/tests/integration/lifecycle";

// Real worker processes (the production entry point, default lock settings) talking to the
// simulator as "Fal", killed or frozen for real. Issue 9, defects 5 and 6: a job whose worker died
// is taken over within ~15 s, and the provider call the dead worker made is resumed, not paid again.

let sim: Simulator;
let workers: Workers;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  workers = new Workers({ FAL_KEY: "sim-key", FAL_BASE_URL: sim.url, WORKER_CONCURRENCY: "1" });
});
beforeEach(async () => {
  workers.killAll();
  await cleanSlate();
  sim.resetFaults();
  sim.resetCounts();
});
afterAll(async () => {
  workers.killAll();
  await sim.close();
  await closeJobEvents();
  await closeQueues();
  await closeDb();
});

/** One paid generation, accepted once the worker is up, and the moment its provider call went out. */
async function midGeneration(
  prompt: string,
): Promise<Accepted & { worker: Awaited<ReturnType<Workers["start"]>> }> {
  sim.setFaults("fal", { latencyMs: 2_500 });
  const worker = await workers.start();
  const accepted = await accept(await payingCaller(), prompt);
  // A call is resumable once the worker has recorded the provider's id for it (a kill before that
  // write can only submit again), so the fault comes after the record, not just after the submit.
  await until(
    "the provider call, recorded",
    async () =>
      (
        await query(
          "select 1 from public.provider_calls where generation_id = $1 and provider_request_id is not null",
          [accepted.row.id],
        )
      ).length > 0 || undefined,
    15_000,
  );
  return { ...accepted, worker };
}

it(
  "recovers a job whose worker was SIGKILLed mid-generation within 15 s: one image, one row, no second provider call",
  { retry: 1, timeout: 60_000 },
  async () => {
    const prompt = `survives a crash ${Date.now()}`;
    const job = await midGeneration(prompt);
    await workers.kill(job.worker);
    const killedAt = Date.now();
    await workers.start();

    const [row] = await settleAll([job], 30_000, async () => workers.log.join("\n"));
    // The lock lapses ≤ 10 s after the kill, the next stalled check comes ≤ 5 s later; the resumed
    // call has long finished by then.
    const done = await getGeneration(job.row.id);
    expect(row).toMatchObject({ status: "succeeded", provider: "fal" });
    expect(new Date(done!.completed_at!).getTime() - killedAt).toBeLessThan(15_000);
    expect(sim.counts().fal.submits).toBe(1);
    expect(
      await query("select id from public.generations where prompt = $1", [prompt]),
    ).toHaveLength(1);
    expect(await headObject(done!.object_keys!.png)).not.toBeNull();
  },
);

it(
  "lets another worker take over a job whose worker froze (a stall): the call is resumed, not paid again",
  { timeout: 60_000 },
  async () => {
    const job = await midGeneration(`survives a stall ${Date.now()}`);
    workers.signal(job.worker, "SIGSTOP");
    await workers.start();
    const [row] = await settleAll([job], 30_000, async () => workers.log.join("\n"));
    // The frozen worker wakes up to a job that is no longer its own.
    workers.signal(job.worker, "SIGCONT");
    await new Promise((r) => setTimeout(r, 2_000));
    expect(row).toMatchObject({ status: "succeeded", provider: "fal" });
    expect((await getGeneration(job.row.id))!.status).toBe("succeeded");
    expect(sim.counts().fal.submits).toBe(1);
  },
);

it(
  "submits again only when the provider no longer has the dead worker's call",
  { timeout: 60_000 },
  async () => {
    const job = await midGeneration(`outlives its call ${Date.now()}`);
    await workers.kill(job.worker);
    sim.forgetJobs();
    sim.setFaults("fal", { latencyMs: 200 });
    await workers.start();
    const [row] = await settleAll([job], 30_000, async () => workers.log.join("\n"));
    expect(row).toMatchObject({ status: "succeeded", provider: "fal" });
    expect(sim.counts().fal.submits).toBe(2);
    const calls = await query<{ outcome: string }>(
      "select outcome from public.provider_calls where generation_id = $1 order by submitted_at",
      [job.row.id],
    );
    expect(calls.map((c) => c.outcome)).toEqual(["expired", "succeeded"]);
  },
);
