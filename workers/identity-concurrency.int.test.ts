import { type Job, Queue, Worker } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { workerConnection } from "@/lib/queue/connection";
import { IdentityConcurrency } from "./identity-concurrency";

const QUEUE = "it-identity-concurrency";
let queue: Queue;
const redis = workerConnection();

beforeAll(async () => {
  queue = new Queue(QUEUE, { connection: workerConnection() });
  await queue.obliterate({ force: true });
  await redis.del("likeness:running:anon:cap-a", "likeness:running:anon:cap-b");
});
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  redis.disconnect();
});

it("runs at most the tier's concurrent jobs per owner, while other owners' jobs run beside them", async () => {
  const cap = new IdentityConcurrency(redis);
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  const finished: string[] = [];
  const worker = new Worker(
    QUEUE,
    (job: Job<{ subject: string }>, token?: string) =>
      cap.run(job, token, { subject: job.data.subject, concurrentJobs: 1 }, async () => {
        const s = job.data.subject;
        running.set(s, (running.get(s) ?? 0) + 1);
        peak.set(s, Math.max(peak.get(s) ?? 0, running.get(s)!));
        await new Promise((r) => setTimeout(r, 300));
        running.set(s, running.get(s)! - 1);
        finished.push(s);
      }),
    { connection: workerConnection(), concurrency: 4 },
  );
  await queue.addBulk([
    { name: "a", data: { subject: "anon:cap-a" } },
    { name: "a", data: { subject: "anon:cap-a" } },
    { name: "a", data: { subject: "anon:cap-a" } },
    { name: "b", data: { subject: "anon:cap-b" } },
  ]);
  await expect.poll(() => finished.length, { timeout: 15_000 }).toBe(4);
  await worker.close();
  expect(peak.get("anon:cap-a")).toBe(1); // three jobs, one at a time
  expect(peak.get("anon:cap-b")).toBe(1);
  // B did not wait behind A's queue of jobs: it finished before A's last one.
  expect(finished.indexOf("anon:cap-b")).toBeLessThan(3);
});
