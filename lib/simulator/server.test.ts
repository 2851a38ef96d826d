import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { faultsFromEnv } from "./faults";
import { startSimulator, type Simulator } from "./server";

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

describe("faultsFromEnv", () => {
  it("reads latencies and JSON fault sets, and rejects nonsense", () => {
    expect(
      faultsFromEnv({ SIM_FAL_LATENCY_MS: "250", SIM_REPLICATE_FAULTS: '{"hang":true}' }),
    ).toEqual({ fal: { latencyMs: 250 }, replicate: { hang: true } });
    expect(() => faultsFromEnv({ SIM_FAL_LATENCY_MS: "soon" })).toThrow(/SIM_FAL_LATENCY_MS/);
    expect(() => faultsFromEnv({ SIM_FAL_FAULTS: '{"hang":"yes"}' })).toThrow(/SIM_FAL_FAULTS/);
  });
});
