import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startSimulator, type Simulator } from "@/dev/simulator/server";
import { avatarRequest, downloadImage, rejectionOf } from "@/dev/simulator/testing";
import { renderLocalImage } from "./local";
import { createReplicateProvider } from "./replicate";
import { replicateInput, replicateOutputSize } from "./replicate-input";
import { ProviderError, type ProviderProgress } from "./types";

// The real replicate client against the in-process simulator: no network beyond loopback.
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ initialFaults: { fal: {}, replicate: { latencyMs: 400 } } });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.resetFaults();
  sim.resetCounts();
});

const provider = (options: { timeoutMs?: number; preferWaitSeconds?: number } = {}) =>
  createReplicateProvider({
    token: "test-token",
    baseUrl: `${sim.url}/v1`,
    pollIntervalMs: 25,
    timeoutMs: 5_000,
    ...options,
  });

async function failure(faults: Parameters<Simulator["setFaults"]>[1], seed = 42) {
  sim.setFaults("replicate", { latencyMs: 50, ...faults });
  const error = await rejectionOf(provider().generate(avatarRequest({ seed })));
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("replicate adapter against the simulator", () => {
  it.each([
    { model: "flux-schnell" as const, size: 512, steps: 4 },
    { model: "flux-dev" as const, size: 1024, steps: 28 },
  ])("generates $model: a real PNG of the requested size", async ({ model, size, steps }) => {
    const progress: ProviderProgress[] = [];
    const request = avatarRequest({ model, width: size, height: size, steps, seed: 987 });
    const result = await provider().generate(request, { onProgress: (p) => progress.push(p) });

    expect(result).toMatchObject({ provider: "replicate", model, seed: 987, width: size });
    expect(result.costUsd).toBe(model === "flux-schnell" ? 0.003 : 0.025);
    const image = await downloadImage(result);
    expect(image).toMatchObject({ format: "png", width: size, height: size });
    expect(image.bytes.equals(await renderLocalImage({ ...request, format: "png" }))).toBe(true);
    const stages = progress.map((p) => p.stage);
    expect(stages.slice(0, 3)).toEqual(["submitted", "queued", "generating"]);
    const percents = progress.flatMap((p) => (p.percent === undefined ? [] : [p.percent]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(sim.counts().replicate).toMatchObject({ submits: 1, results: 1, cancels: 0 });
  });

  it("takes a finished prediction straight from a blocking create (Prefer: wait)", async () => {
    const result = await provider({ preferWaitSeconds: 5 }).generate(avatarRequest());
    expect(result.seed).toBe(42);
    expect(sim.counts().replicate).toMatchObject({ submits: 1, polls: 0, results: 1 });
  });

  it("maps a submit 503 to retryable (POSTs are not retried on 5xx)", async () => {
    const error = await failure({ submitStatus: 503 });
    expect(error).toMatchObject({ kind: "retryable", status: 503 });
    expect(sim.counts().replicate.submits).toBe(1);
  });

  // The client would retry a create's 429 five more times within milliseconds, ignoring Retry-After;
  // the chain honours Retry-After itself (lib/providers/submit-429.ts).
  it("maps 429 to rate_limited with Retry-After, without the client's own retries", async () => {
    const error = await failure({ submitStatus: 429, retryAfterSeconds: 30 });
    expect(error).toMatchObject({ kind: "rate_limited", status: 429, retryAfterMs: 30_000 });
    expect(sim.counts().replicate.submits).toBe(1);
  });

  it("maps a failing poll (500) to retryable, after the client's own retries", async () => {
    const error = await failure({ resultStatus: 500 });
    expect(error).toMatchObject({ kind: "retryable", status: 500 });
    expect(sim.counts().replicate.polls).toBe(6);
  });

  it("ends a hung prediction as a retryable timeout and cancels it", async () => {
    sim.setFaults("replicate", { latencyMs: 50, hang: true });
    const started = performance.now();
    const error = await rejectionOf(provider({ timeoutMs: 400 }).generate(avatarRequest()));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toMatchObject({ kind: "retryable", message: expect.stringMatching(/400 ms/) });
    await vi.waitFor(() => expect(sim.counts().replicate.cancels).toBe(1));
  });

  it.each([42, 43])("maps malformed output (seed %i) to retryable", async (seed) => {
    const error = await failure({ malformed: true }, seed);
    expect(error).toMatchObject({ kind: "retryable", message: expect.stringMatching(/malformed/) });
  });

  it.each([undefined, 5])("maps NSFW to permanent (Prefer: wait %s)", async (preferWaitSeconds) => {
    sim.setFaults("replicate", { latencyMs: 50, nsfw: true });
    const error = await rejectionOf(provider({ preferWaitSeconds }).generate(avatarRequest()));
    expect(error).toMatchObject({ kind: "permanent", message: expect.stringMatching(/NSFW/) });
  });

  it("fails after N successes with failAfter", async () => {
    sim.setFaults("replicate", { latencyMs: 20, failAfter: 2 });
    await provider().generate(avatarRequest());
    await provider().generate(avatarRequest());
    const error = await rejectionOf(provider().generate(avatarRequest()));
    expect(error).toMatchObject({ kind: "retryable", status: 500 });
  });

  it("maps a rejected token to permanent, naming REPLICATE_API_TOKEN", async () => {
    const adapter = createReplicateProvider({ token: "invalid", baseUrl: `${sim.url}/v1` });
    const error = await rejectionOf(adapter.generate(avatarRequest()));
    expect(error).toMatchObject({ kind: "permanent", status: 401 });
    expect((error as Error).message).toMatch(/REPLICATE_API_TOKEN/);
  });

  it("maps invalid input (422) to permanent", async () => {
    const error = await rejectionOf(provider().generate(avatarRequest({ steps: 8 })));
    expect(error).toMatchObject({ kind: "permanent", status: 422 });
  });
});

describe("replicateInput", () => {
  it("asks for a square at the smallest budget that covers the request", () => {
    expect(replicateInput(avatarRequest({ width: 256, height: 256 }))).toMatchObject({
      aspect_ratio: "1:1",
      megapixels: "0.25",
      output_format: "png",
    });
    const wide = replicateInput(avatarRequest({ width: 1344, height: 768, format: "jpeg" }));
    expect(wide).toMatchObject({ aspect_ratio: "16:9", megapixels: "1", output_format: "jpg" });
    expect(replicateOutputSize("16:9", "1")).toEqual({ width: 1360, height: 768 });
  });
});
