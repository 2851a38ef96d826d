import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDb, query } from "@/lib/db";
import { generationInputSchema } from "@/lib/generations/normalize";
import { getGeneration } from "@/lib/generations/repository";
import { requestGeneration } from "@/lib/generations/service";
import { generationJobId } from "@/lib/queue/contract";
import { closeQueues, queue } from "@/lib/queue/queues";
import { startSimulator, type Simulator } from "@/dev/simulator/server";
import { headObject } from "@/lib/storage";

let sim: Simulator;
const children: ChildProcess[] = [];

/** A real worker process (the production entry point) talking to the simulator as "Fal". */
const log: string[] = [];

function startWorker(): ChildProcess {
  const child = spawn("node_modules/.bin/tsx", ["workers/index.ts"], {
    env: {
      ...process.env,
      FAL_KEY: "sim-key",
      FAL_BASE_URL: sim.url,
      WORKER_LOCK_MS: "3000",
      WORKER_CONCURRENCY: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const name = `worker${children.length + 1}`;
  child.stdout!.on("data", (d: Buffer) => log.push(`${name}: ${d.toString().trim()}`));
  child.stderr!.on("data", (d: Buffer) => log.push(`${name}! ${d.toString().trim()}`));
  children.push(child);
  return child;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
/** SIGKILL to the whole process group: tsx runs the worker in a child node process of its own. */
function killHard(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // already gone
  }
}

function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  children.forEach(killHard);
  await sim.close();
  await closeQueues();
  await closeDb();
});

// Several processes and real timeouts: one retry, and every attempt must pass every assertion on its own.
it(
  "recovers a job whose worker was SIGKILLed mid-generation: one image, one row, at most one more provider call",
  { retry: 1, timeout: 90_000 },
  async () => {
    const prompt = `survives a crash ${Date.now()}`;
    children.forEach(killHard);
    log.length = 0;
    sim.resetCounts();
    sim.setFaults("fal", { latencyMs: 2_500 });
    const first = startWorker();
    const ticket = await requestGeneration(
      generationInputSchema.parse({ prompt, seed: 9, width: 256, height: 256 }),
    );
    // The provider has the request: the worker is in the middle of the job.
    await until(
      "the provider call",
      async () => (sim.counts().fal.submits >= 1 ? true : undefined),
      30_000,
    );
    killHard(first);
    await until(
      "the killed worker to be gone",
      async () => (groupAlive(first) ? undefined : true),
      5_000,
    );
    const callsBeforeRestart = sim.counts().fal.submits;

    sim.setFaults("fal", { latencyMs: 200 });
    startWorker();
    const done = await until(
      "the recovered job",
      async () => {
        const row = await getGeneration(ticket.row.id);
        return row?.status === "succeeded" ? row : undefined;
      },
      45_000,
    ).catch(async (error: unknown) => {
      // What the next person needs to see when this fails: the row, the job, and what the workers said.
      const row = await getGeneration(ticket.row.id);
      const job = await queue("generations").getJob(generationJobId(ticket.row.request_hash));
      console.error(
        [
          `row: ${row?.status} ${row?.error_code ?? ""}`,
          `job: ${job ? await job.getState() : "none"} ${job?.failedReason ?? ""}`,
          `provider calls: ${JSON.stringify(sim.counts())}`,
          ...log,
        ].join("\n"),
      );
      throw error;
    });
    expect(done.provider).toBe("fal");
    // The dead worker's provider call never came back; the new worker made exactly one more.
    expect(callsBeforeRestart).toBe(1);
    expect(sim.counts().fal.submits).toBe(2);
    expect(
      await query("select id from public.generations where prompt = $1", [prompt]),
    ).toHaveLength(1);
    expect(await headObject(done.object_keys!.png)).not.toBeNull();
  },
);
