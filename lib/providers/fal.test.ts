import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startSimulator, type Simulator } from "@/dev/simulator/server";
import { avatarRequest, downloadImage, rejectionOf } from "@/dev/simulator/testing";
import { createFalProvider } from "./fal";
import { renderLocalImage } from "./local";
import { ProviderError, type ProviderProgress } from "./types";

// The real @fal-ai/client against the in-process simulator: no network beyond loopback.
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ initialFaults: { fal: { latencyMs: 400 }, replicate: {} } });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.resetFaults();
  sim.resetCounts();
});

const provider = (timeoutMs = 5_000) =>
  createFalProvider({ key: "test-key", baseUrl: sim.url, pollIntervalMs: 25, timeoutMs });

async function failure(
  faults: Parameters<Simulator["setFaults"]>[1],
  seed = 42,
  timeoutMs?: number,
) {
  sim.setFaults("fal", { latencyMs: 50, ...faults });
  const error = await rejectionOf(provider(timeoutMs).generate(avatarRequest({ seed })));
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("fal adapter against the simulator", () => {
  it.each([
    { model: "flux-schnell" as const, size: 512, steps: 4 },
    { model: "flux-dev" as const, size: 768, steps: 28 },
  ])("generates $model: a real PNG of the requested size", async ({ model, size, steps }) => {
    const progress: ProviderProgress[] = [];
    const request = avatarRequest({ model, width: size, height: size, steps, seed: 1234 });
    const result = await provider().generate(request, { onProgress: (p) => progress.push(p) });

    expect(result).toMatchObject({ provider: "fal", model, seed: 1234, width: size, nsfw: false });
    expect(result.providerRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.costUsd).toBe(model === "flux-schnell" ? 0.003 : 0.025);
    const image = await downloadImage(result);
    expect(image).toMatchObject({ format: "png", width: size, height: size });
    // Same prompt, style and seed as the local generator: the style survived the prompt round trip.
    expect(image.bytes.equals(await renderLocalImage({ ...request, format: "png" }))).toBe(true);
    expect(progress.map((p) => p.stage)).toEqual(["submitted", "queued", "generating"]);
    expect(sim.counts().fal).toMatchObject({ submits: 1, results: 1, cancels: 0 });
  });

  it("maps a submit 500 to retryable without the client retrying it", async () => {
    const error = await failure({ submitStatus: 500 });
    expect(error).toMatchObject({ kind: "retryable", status: 500 });
    expect(sim.counts().fal.submits).toBe(1);
  });

  it("maps a result 500 to retryable", async () => {
    const error = await failure({ resultStatus: 500 });
    expect(error).toMatchObject({ kind: "retryable", status: 500 });
    expect(sim.counts().fal).toMatchObject({ submits: 1, results: 1 });
  });

  it("ends a hung request as a retryable timeout and cancels it", async () => {
    sim.setFaults("fal", { latencyMs: 50, hang: true });
    const started = performance.now();
    const error = await rejectionOf(provider(400).generate(avatarRequest()));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toMatchObject({ kind: "retryable", message: expect.stringMatching(/400 ms/) });
    await vi.waitFor(() => expect(sim.counts().fal.cancels).toBe(1));
  });

  it.each([42, 43])("maps malformed output (seed %i) to retryable", async (seed) => {
    const error = await failure({ malformed: true }, seed);
    expect(error).toMatchObject({ kind: "retryable", message: expect.stringMatching(/malformed/) });
  });

  it("maps an NSFW flag to permanent", async () => {
    const error = await failure({ nsfw: true });
    expect(error).toMatchObject({ kind: "permanent", message: expect.stringMatching(/content/) });
  });

  it("fails after N successes with failAfter", async () => {
    sim.setFaults("fal", { latencyMs: 20, failAfter: 1, submitStatus: 500 });
    await expect(provider().generate(avatarRequest())).resolves.toMatchObject({ provider: "fal" });
    const error = await rejectionOf(provider().generate(avatarRequest()));
    expect(error).toMatchObject({ kind: "retryable", status: 500 });
  });

  it("maps a rejected key to permanent, naming FAL_KEY", async () => {
    const adapter = createFalProvider({ key: "invalid", baseUrl: sim.url });
    const error = await rejectionOf(adapter.generate(avatarRequest()));
    expect(error).toMatchObject({ kind: "permanent", status: 401 });
    expect((error as Error).message).toMatch(/FAL_KEY/);
  });

  it("maps invalid input (422) to permanent", async () => {
    const error = await rejectionOf(provider().generate(avatarRequest({ steps: 99 })));
    expect(error).toMatchObject({ kind: "permanent", status: 422 });
  });

  it("stops promptly when the caller aborts", async () => {
    sim.setFaults("fal", { hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await rejectionOf(
      provider().generate(avatarRequest(), { signal: controller.signal }),
    );
    expect(error).toMatchObject({ kind: "retryable", message: expect.stringMatching(/aborted/) });
  });

  // The Fal client would retry a submit's 429 three times over 1 + 2 + 4 s, ignoring Retry-After;
  // the chain honours Retry-After itself (lib/providers/submit-429.ts), so the 429 comes back at once.
  it("maps 429 to rate_limited with Retry-After, without the client's own retries", async () => {
    const started = Date.now();
    const error = await failure({ submitStatus: 429, retryAfterSeconds: 7 });
    expect(error).toMatchObject({ kind: "rate_limited", status: 429, retryAfterMs: 7_000 });
    expect(sim.counts().fal.submits).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
