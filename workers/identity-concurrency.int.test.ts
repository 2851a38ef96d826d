import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { generationJobSchema } from "@/lib/queue/contract";
import { addJob, closeQueues, queue, worker } from "@/lib/queue/queues";
import { createRedis } from "@/lib/redis";
import { IdentityConcurrency } from "./identity-concurrency";

const redis = createRedis("blocking", "test");

beforeAll(async () => {
  await queue("generations").obliterate({ force: true });
  await redis.del("likeness:running:anon:cap-a", "likeness:running:anon:cap-b");
});
afterAll(async () => {
  await queue("generations").obliterate({ force: true });
  await closeQueues();
  redis.disconnect();
});

/** A generation job owned by `subject`, whose owner may run one job at a time. */
const ownedBy = (subject: string, n: number) => ({
  generationId: randomUUID(),
  requestHash: randomUUID().replaceAll("-", "").padEnd(64, String(n)),
  request: {
    prompt: `cap ${n}`,
    style: "adventurer",
    model: "flux-schnell" as const,
    width: 256,
    height: 256,
    seed: n,
    steps: 4,
    format: "png" as const,
  },
  owner: { subject, concurrentJobs: 1 },
});

it("runs at most the tier's concurrent jobs per owner, while other owners' jobs run beside them", async () => {
  const cap = new IdentityConcurrency(redis);
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  const finished: string[] = [];
  const capped = worker(
    "generations",
    async (job, token) => {
      const { owner } = generationJobSchema.parse(job.data);
      return cap.run(job, token, owner, async () => {
        const s = owner!.subject;
        running.set(s, (running.get(s) ?? 0) + 1);
        peak.set(s, Math.max(peak.get(s) ?? 0, running.get(s)!));
        await new Promise((r) => setTimeout(r, 300));
        running.set(s, running.get(s)! - 1);
        finished.push(s);
      });
    },
    { concurrency: 4 },
  );
  for (const [i, subject] of ["anon:cap-a", "anon:cap-a", "anon:cap-a", "anon:cap-b"].entries()) {
    await addJob("generations", "generate", ownedBy(subject, i));
  }
  await expect.poll(() => finished.length, { timeout: 15_000 }).toBe(4);
  await capped.close();
  expect(peak.get("anon:cap-a")).toBe(1); // three jobs, one at a time
  expect(peak.get("anon:cap-b")).toBe(1);
  // B did not wait behind A's queue of jobs: it finished before A's last one.
  expect(finished.indexOf("anon:cap-b")).toBeLessThan(3);
});
