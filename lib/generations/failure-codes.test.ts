import { describe, expect, it } from "vitest";
import { apiErrorCodeOf, failureOf, failureReason } from "./failure-codes";

describe("failure codes", () => {
  it.each([
    [failureReason("providers_busy", "all 429"), "providers_busy", "all 429"],
    [
      "providers_unavailable: fal: 503; replicate: 503",
      "providers_unavailable",
      "fal: 503; replicate: 503",
    ],
    [
      "job stalled more than allowable limit",
      "worker_lost",
      expect.stringMatching(/kept stopping/),
    ],
    ["not_a_code: something", "generation_failed", "not_a_code: something"],
    ["", "generation_failed", "The generation failed."],
  ])("reads %j as %s", (reason, code, message) => {
    expect(failureOf(reason)).toEqual({ code, message });
  });

  it.each([
    ["providers_busy", "providers_busy"],
    ["providers_unavailable", "providers_unavailable"],
    ["generation_lost", "generation_failed"],
    ["worker_lost", "generation_failed"],
    ["content_flagged", "content_flagged"],
    [null, "generation_failed"],
    ["toString", "generation_failed"],
  ])("answers a row failed with %s as %s", (rowCode, apiCode) => {
    expect(apiErrorCodeOf(rowCode)).toBe(apiCode);
  });
});
