import { expect, test } from "./fixtures";

// The "cloud" project (playwright.config.ts): an app whose Fal and Replicate are the provider
// simulator, so a test can make Fal's safety checker flag the image.

test("safe=true: a flagged image is a JSON 422 content_flagged, never an image", async ({
  request,
  simulator,
}) => {
  await simulator.setFaults("fal", { nsfw: true, latencyMs: 100 });
  const url = `/prompt/${encodeURIComponent(`flagged portrait ${Date.now().toString(36)}`)}?safe=true&width=256&height=256`;
  const response = await request.get(url, { timeout: 25_000 });
  expect(response.status()).toBe(422);
  expect(response.headers()["content-type"]).toContain("application/json");
  const { error } = (await response.json()) as { error: { code: string; message: string } };
  expect(error.code).toBe("content_flagged");
  // Refused by Fal's checker: no second provider was asked for the same image.
  expect((await simulator.counts()).replicate.submits).toBe(0);
});
