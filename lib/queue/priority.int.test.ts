import { afterAll, beforeAll, expect, it } from "vitest";
import { galleryJobId, generationJobId, PRIORITY } from "./contract";
import { enqueueGalleryJobs, enqueueGeneration, queuePosition } from "./producer";
import { closeQueues, queue, worker } from "./queues";

beforeAll(async () => {
  await queue("generations").obliterate({ force: true });
  await queue("generations").pause();
});
afterAll(async () => {
  await queue("generations").obliterate({ force: true });
  await closeQueues();
});

const job = (n: number) => ({
  generationId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  requestHash: n.toString(16).padStart(64, "0"),
  request: {
    prompt: `p${n}`,
    style: "adventurer",
    model: "flux-schnell" as const,
    width: 256,
    height: 256,
    seed: n,
    steps: 4,
    format: "png" as const,
  },
});

it("puts a premium job, then a free one, ahead of 1,000 queued gallery seed jobs", async () => {
  // Exactly what `npm run seed` queues.
  await enqueueGalleryJobs(Array.from({ length: 1_000 }, (_, i) => i));
  await enqueueGeneration(job(5_001), PRIORITY.free);
  await enqueueGeneration(job(5_002), PRIORITY.premium);

  expect(await queuePosition(generationJobId(job(5_002).requestHash))).toBe(1);
  expect(await queuePosition(generationJobId(job(5_001).requestHash))).toBe(2);
  expect(await queuePosition(galleryJobId(0))).toBe(3);

  // And a worker really takes them in that order.
  const order: string[] = [];
  const taker = worker(
    "generations",
    async (j) => {
      const data = j.data as { index?: number; request?: { prompt: string } };
      order.push(j.name === "gallery" ? `gallery ${data.index}` : data.request!.prompt);
    },
    { concurrency: 1, autorun: true },
  );
  await queue("generations").resume();
  await expect.poll(() => order.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  await taker.close();
  expect(order.slice(0, 3)).toEqual(["p5002", "p5001", "gallery 0"]);
});
