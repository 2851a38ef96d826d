import { describe, expect, it } from "vitest";
import { attemptDeadlineMs, jobDeadlineMs, syncWaitMs } from "./deadlines";
import { MODEL_IDS, MODELS } from "./models";

describe("deadlines", () => {
  it("gives up a FLUX schnell call in seconds, and a FLUX dev call only well past its usual time", () => {
    expect(attemptDeadlineMs("flux-schnell")).toBe(6_000);
    expect(attemptDeadlineMs("flux-dev")).toBe(24_000);
  });

  it.each(MODEL_IDS.flatMap((model) => [1, 2, 3].map((tries) => [model, tries] as const)))(
    "nests them for %s with %i tries: every attempt < the job < the synchronous wait",
    (model, tries) => {
      const attempts = tries * 2 * attemptDeadlineMs(model);
      expect(attemptDeadlineMs(model)).toBeGreaterThan(MODELS[model].typicalMs);
      expect(jobDeadlineMs(model, tries)).toBeGreaterThan(attempts);
      expect(syncWaitMs(model, tries)).toBeGreaterThan(jobDeadlineMs(model, tries));
    },
  );
});
