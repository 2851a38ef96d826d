import { expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { query } from "@/lib/db";
import { generationJobId } from "@/lib/queue/contract";
import { UnrecoverableError } from "@/lib/queue/errors";
import { queue, worker } from "@/lib/queue/queues";
import { startService, stopService } from "@/scripts/stack/index";
import {
  accept,
  type Accepted,
  outcomes,
  payingCaller,
  settleAll,
  testStack,
  until,
  simulatedWorkers,
} from "@/tests/integration/lifecycle";

// Issue 9, defect 2: Postgres records what each customer was promised; the queue can lose the work
// (a request answered 503 after its row was written, Redis without its append-only file, a final
// failure that could not be written). The reconciler, run by a real worker every second here, must
// bring every such row to an end: its job queued again when someone is owed the image and its
// deadline allows, else failed with a clear reason and refunded.

const stack = testStack();
const t = simulatedWorkers({
  falOnly: true,
  env: { RECONCILE_INTERVAL_MS: "1000", RECONCILE_AFTER_MS: "1000" },
  restore: () => startService("redis", stack),
});

/** Takes a job out of the queue, as a Redis that lost it would. */
async function loseJob(job: Accepted): Promise<void> {
  await (await queue("generations").getJob(generationJobId(job.row.request_hash)))!.remove();
}

it(
  "settles every generation whose job the queue lost or failed without a record",
  { timeout: 60_000 },
  async () => {
    const caller = await payingCaller();

    // 1. Answered 503 (Redis down) after its row was written: nobody is owed it.
    await stopService("redis", stack);
    const refused = await accept(caller, "asked while the queue was down").catch((e: unknown) => e);
    await startService("redis", stack);
    await until("the queue to answer", () => queue("generations").getJobCounts(), 10_000);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: "service_unavailable" });
    const [orphan] = await query<{ id: string }>(
      "select id from public.generations where prompt = $1",
      ["asked while the queue was down"],
    );

    // 2. Accepted and queued, then the queue lost the job: it is owed, and has all its time.
    const lost = await accept(caller, "job lost by the queue");
    await loseJob(lost);

    // 3. Failed for good, but the row could not be written then (the database was down).
    const unrecorded = await accept(caller, "failure never written");
    const failer = worker("generations", async () => {
      throw new UnrecoverableError("providers_unavailable: Fal and Replicate both answered 503");
    });
    await until(
      "the job to fail",
      async () =>
        (await queue("generations").getJobState(generationJobId(unrecorded.row.request_hash))) ===
          "failed" || undefined,
      10_000,
    );
    await failer.close();

    // 4. Lost while running, past its deadline: too late to make it again.
    const expired = await accept(caller, "lost past its deadline");
    await loseJob(expired);
    await query(
      "update public.generations set status = 'running', deadline_at = now() - interval '1 minute' where id = $1",
      [expired.row.id],
    );

    await t.workers.start();
    const rows = await settleAll([lost, unrecorded, expired], 20_000, async () =>
      t.workers.log.join("\n"),
    );
    expect(rows.find((r) => r.id === lost.row.id)).toMatchObject({
      status: "succeeded",
      provider: "fal",
    });
    expect(rows.find((r) => r.id === unrecorded.row.id)).toMatchObject({
      status: "failed",
      error_code: "providers_unavailable",
    });
    expect(rows.find((r) => r.id === expired.row.id)).toMatchObject({
      status: "failed",
      error_code: "generation_lost",
    });
    const [refusedRow] = await until(
      "the refused request's row to end",
      async () => {
        const found = await outcomes([orphan!.id]);
        return found[0]?.status === "failed" ? found : undefined;
      },
      5_000,
    );
    expect(refusedRow).toMatchObject({ error_code: "generation_lost", charged: 1, refunded: 1 });
    // Only the lost job that was owed and in time was made (once).
    expect(t.sim.counts().fal.submits).toBe(1);
  },
);
