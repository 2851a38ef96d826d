import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFalProvider } from "@/lib/providers/fal";
import type { ProviderProgress } from "@/lib/providers/types";
import { faultsFromEnv } from "./faults";
import { startSimulator, type Simulator } from "./server";
import { avatarRequest } from "./testing";

// The wire protocol itself, with plain fetch: what a client that is not ours would see.
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    initialFaults: { fal: { latencyMs: 60 }, replicate: { latencyMs: 60 } },
  });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.resetFaults();
  sim.resetCounts();
});

const FAL_AUTH = { authorization: "Key k", "content-type": "application/json" };
const REPLICATE_AUTH = { authorization: "Bearer t", "content-type": "application/json" };
const post = (path: string, body: unknown, headers: Record<string, string> = FAL_AUTH) =>
  fetch(`${sim.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
const json = async (response: Response) => {
  expect(response.headers.get("content-type")).toBe("application/json");
  return (await response.json()) as Record<string, unknown>;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("provider simulator", () => {
  it("runs the Fal queue cycle on the paths the client uses", async () => {
    sim.setFaults("fal", { latencyMs: 400 });
    const queued = await json(
      await post(
        "/fal-ai/flux/dev",
        { prompt: "x", image_size: "square" },
        {
          ...FAL_AUTH,
          "x-fal-queue-priority": "normal",
        },
      ),
    );
    expect(queued).toMatchObject({ status: "IN_QUEUE", queue_position: 0 });
    const id = String(queued.request_id);
    // Status and result drop the model's subpath ("dev"), as @fal-ai/client builds them.
    const status = () =>
      fetch(`${sim.url}/fal-ai/flux/requests/${id}/status?logs=1`, { headers: FAL_AUTH });
    expect(await json(await status())).toMatchObject({ status: "IN_QUEUE" });
    await sleep(430);
    expect(await json(await status())).toMatchObject({
      status: "COMPLETED",
      logs: [expect.anything()],
    });
    const result = await fetch(`${sim.url}/fal-ai/flux/requests/${id}`, { headers: FAL_AUTH });
    expect(result.headers.get("x-fal-request-id")).toBe(id);
    const output = await json(result);
    // No seed asked for: one was picked, and it is the one reported.
    expect(output).toMatchObject({ seed: expect.any(Number), has_nsfw_concepts: [false] });
    const [image] = output.images as { url: string; content_type: string }[];
    const download = await fetch(image!.url);
    expect(download.headers.get("content-type")).toBe("image/jpeg");
    const meta = await sharp(Buffer.from(await download.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 512, height: 512 });
    expect(sim.counts().fal).toEqual({ submits: 1, polls: 2, results: 1, cancels: 0 });
  });

  it("answers a Fal POST without the queue header synchronously, like fal.run", async () => {
    const response = await post("/fal-ai/flux/schnell", { prompt: "x", seed: 7 });
    expect(response.headers.get("x-fal-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await json(response)).toMatchObject({ seed: 7, images: [{ width: 1024, height: 768 }] });
  });

  it("sends every error as JSON, with Retry-After on 429", async () => {
    const noKey = await post("/fal-ai/flux/schnell", { prompt: "x" }, {});
    expect(noKey.status).toBe(401);
    expect(await json(noKey)).toHaveProperty("detail");
    const unknown = await post("/fal-ai/nope", { prompt: "x" });
    expect(unknown.status).toBe(404);
    await json(unknown);
    const invalid = await post("/fal-ai/flux/schnell", { prompt: "" });
    expect(await json(invalid)).toMatchObject({ detail: [{ loc: ["body", "prompt"] }] });
    sim.setFaults("replicate", { submitStatus: 429, retryAfterSeconds: 9 });
    const limited = await post(
      "/v1/models/black-forest-labs/flux-schnell/predictions",
      { input: { prompt: "x" } },
      REPLICATE_AUTH,
    );
    expect(limited.headers.get("retry-after")).toBe("9");
    expect(await json(limited)).toEqual({
      title: "Too Many Requests",
      detail: expect.any(String),
      status: 429,
    });
  });

  it("holds a Replicate create for Prefer: wait=n, and gives up on a hung one after n s", async () => {
    const create = (prefer: string) =>
      post(
        "/v1/models/black-forest-labs/flux-schnell/predictions",
        { input: { prompt: "x", seed: 3 } },
        {
          ...REPLICATE_AUTH,
          prefer,
        },
      );
    const done = await json(await create("wait=5"));
    expect(done).toMatchObject({ status: "succeeded", output: [expect.stringMatching(/\.webp$/)] });
    sim.setFaults("replicate", { hang: true });
    const started = performance.now();
    const hung = await json(await create("wait=1"));
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(hung).toMatchObject({
      status: "processing",
      logs: expect.stringContaining("Using seed: 3"),
    });
    const canceled = await post(`/v1/predictions/${String(hung.id)}/cancel`, {}, REPLICATE_AUTH);
    expect(await json(canceled)).toMatchObject({ status: "canceled" });
  });

  it("takes faults over the admin API and reports counts", async () => {
    const bad = await post("/__admin/faults", { provider: "fal", bogus: 1 });
    expect(bad.status).toBe(400);
    await json(bad);
    const ok = await post("/__admin/faults", { provider: "fal", submitStatus: 503 });
    expect(await json(ok)).toMatchObject({ faults: { submitStatus: 503, latencyMs: 60 } });
    expect((await post("/fal-ai/flux/schnell", { prompt: "x" })).status).toBe(503);
    const counts = await json(await fetch(`${sim.url}/__admin/counts`));
    expect(counts).toMatchObject({ fal: { submits: 1 }, replicate: { submits: 0 } });
    await post("/__admin/reset", {});
    expect(sim.counts().fal.submits).toBe(0);
    expect((await post("/fal-ai/flux/schnell", { prompt: "x" })).status).toBe(200);
  });
});

describe("maxConcurrent", () => {
  const QUEUED = { ...FAL_AUTH, "x-fal-queue-priority": "normal" };
  const falStatus = async (id: string) =>
    json(await fetch(`${sim.url}/fal-ai/flux/requests/${id}/status`, { headers: FAL_AUTH }));

  it("runs at most N Fal requests at once; the rest wait IN_QUEUE, in order, clock stopped", async () => {
    sim.setFaults("fal", { latencyMs: 300, maxConcurrent: 2 });
    const started = performance.now();
    const ids: string[] = [];
    const positions: unknown[] = [];
    for (let seed = 1; seed <= 5; seed++) {
      const body = await json(await post("/fal-ai/flux/schnell", { prompt: "x", seed }, QUEUED));
      ids.push(String(body.request_id));
      positions.push(body.queue_position);
    }
    // Two get a slot at once; the other three line up behind them.
    expect(positions).toEqual([0, 0, 0, 1, 2]);
    // Canceling one in line moves everyone behind it up.
    const cancel = await fetch(`${sim.url}/fal-ai/flux/requests/${ids[3]}/cancel`, {
      method: "PUT",
      headers: FAL_AUTH,
    });
    expect(cancel.status).toBe(202);
    await sleep(150 - (performance.now() - started));
    const [a, b, c, , e] = ids as [string, string, string, string, string];
    expect(await falStatus(a)).toMatchObject({ status: "IN_PROGRESS" });
    expect(await falStatus(b)).toMatchObject({ status: "IN_PROGRESS" });
    expect(await falStatus(c)).toMatchObject({ status: "IN_QUEUE", queue_position: 0 });
    expect(await falStatus(e)).toMatchObject({ status: "IN_QUEUE", queue_position: 1 });

    // At 450 ms the first two are done and c and e took their slots at 300 ms: running, not done.
    await sleep(450 - (performance.now() - started));
    expect(await falStatus(a)).toMatchObject({ status: "COMPLETED" });
    expect(await falStatus(c)).toMatchObject({ status: "IN_PROGRESS" });
    expect(await falStatus(e)).toMatchObject({ status: "IN_PROGRESS" });
    const early = await fetch(`${sim.url}/fal-ai/flux/requests/${c}`, { headers: FAL_AUTH });
    expect(early.status).toBe(400);
    await json(early);

    // Their clock started at 300 ms, so they finish at 600 ms, not 300 ms after submit.
    await sleep(640 - (performance.now() - started));
    expect(await falStatus(c)).toMatchObject({ status: "COMPLETED" });
    expect(await falStatus(e)).toMatchObject({ status: "COMPLETED" });
  });

  it("makes the real Fal client wait for a slot, reporting its queue position", async () => {
    sim.setFaults("fal", { latencyMs: 200, maxConcurrent: 2 });
    const fal = createFalProvider({ key: "k", baseUrl: sim.url, pollIntervalMs: 20 });
    const started = performance.now();
    const runs = await Promise.all(
      [1, 2, 3, 4].map(async (seed) => {
        const progress: ProviderProgress[] = [];
        const request = avatarRequest({ seed, width: 256, height: 256 });
        await fal.generate(request, { onProgress: (p) => progress.push(p) });
        return { ms: performance.now() - started, progress };
      }),
    );
    const [first, second, third, fourth] = runs.map((r) => r.ms) as number[];
    expect(Math.max(first!, second!)).toBeLessThan(380);
    // The last two got their slots only when the first two finished: about twice the latency.
    expect(Math.min(third!, fourth!)).toBeGreaterThanOrEqual(395);
    expect(Math.max(third!, fourth!)).toBeLessThan(700);
    expect(runs[3]!.progress).toContainEqual({ stage: "submitted", queuePosition: 1 });
    expect(sim.counts().fal).toMatchObject({ submits: 4, results: 4 });
  });

  it("keeps Replicate predictions starting until a slot frees, and Prefer: wait waits for it", async () => {
    sim.setFaults("replicate", { latencyMs: 150, maxConcurrent: 1 });
    const create = (seed: number, headers: Record<string, string> = {}) =>
      post(
        "/v1/models/black-forest-labs/flux-schnell/predictions",
        { input: { prompt: "x", seed } },
        { ...REPLICATE_AUTH, ...headers },
      );
    const started = performance.now();
    expect(await json(await create(1))).toMatchObject({ status: "starting" });
    const waiting = await json(await create(2));
    await sleep(100);
    const get = (id: unknown) =>
      fetch(`${sim.url}/v1/predictions/${String(id)}`, { headers: REPLICATE_AUTH });
    // The first is generating; the second has not even begun its queue quarter.
    expect(await json(await get(waiting.id))).toMatchObject({ status: "starting", logs: "" });
    const held = await json(await create(3, { prefer: "wait=5" }));
    // Third in line with one slot: it finishes at 3 × 150 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(445);
    expect(held).toMatchObject({ status: "succeeded", output: [expect.any(String)] });
    const metrics = held.metrics as { total_time: number };
    expect(metrics.total_time).toBeGreaterThanOrEqual(0.3);
    expect(await json(await get(waiting.id))).toMatchObject({ status: "succeeded" });
  });
});

describe("faultsFromEnv", () => {
  it("reads latencies and JSON fault sets, and rejects nonsense", () => {
    expect(
      faultsFromEnv({ SIM_FAL_LATENCY_MS: "250", SIM_REPLICATE_FAULTS: '{"hang":true}' }),
    ).toEqual({ fal: { latencyMs: 250 }, replicate: { hang: true } });
    expect(faultsFromEnv({ SIM_FAL_FAULTS: '{"maxConcurrent":8}' }).fal).toEqual({
      maxConcurrent: 8,
    });
    expect(() => faultsFromEnv({ SIM_FAL_LATENCY_MS: "soon" })).toThrow(/SIM_FAL_LATENCY_MS/);
    expect(() => faultsFromEnv({ SIM_FAL_FAULTS: '{"hang":"yes"}' })).toThrow(/SIM_FAL_FAULTS/);
    expect(() => faultsFromEnv({ SIM_FAL_FAULTS: '{"maxConcurrent":0}' })).toThrow(
      /SIM_FAL_FAULTS/,
    );
  });
});
