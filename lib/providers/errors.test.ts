import { ApiError, ValidationError } from "@fal-ai/client";
import { describe, expect, it } from "vitest";
import {
  fromFailedPrediction,
  fromFalError,
  fromReplicateError,
  kindForStatus,
  parseRetryAfter,
} from "./errors";

describe("provider error mapping", () => {
  it.each([
    [400, "permanent"],
    [401, "permanent"],
    [403, "permanent"],
    [404, "permanent"],
    [422, "permanent"],
    [408, "retryable"],
    [429, "rate_limited"],
    [500, "retryable"],
    [503, "retryable"],
  ] as const)("HTTP %i is %s", (status, kind) => {
    expect(kindForStatus(status)).toBe(kind);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("maps Fal's ApiError and ValidationError by status", () => {
    const limited = new ApiError({ message: "", status: 429, body: { detail: "slow down" } });
    expect(fromFalError(limited, { retryAfterMs: 2_000 })).toMatchObject({
      provider: "fal",
      kind: "rate_limited",
      retryAfterMs: 2_000,
      message: expect.stringContaining("slow down"),
    });
    const invalid = new ValidationError({
      message: "",
      status: 422,
      body: { detail: [{ loc: ["body", "seed"], msg: "bad", type: "value_error" }] },
    });
    expect(fromFalError(invalid)).toMatchObject({ kind: "permanent", status: 422 });
    expect(fromFalError(new TypeError("fetch failed"))).toMatchObject({ kind: "retryable" });
  });

  it("maps Replicate's ApiError by its response, keeping Retry-After", () => {
    const response = new Response(null, { status: 429, headers: { "Retry-After": "4" } });
    const error = Object.assign(
      new Error('Request to x failed with status 429 Too Many Requests: {"detail":"throttled"}.'),
      { name: "ApiError", response },
    );
    expect(fromReplicateError(error)).toMatchObject({
      provider: "replicate",
      kind: "rate_limited",
      retryAfterMs: 4_000,
      message: expect.stringContaining("throttled"),
    });
  });

  it("treats an NSFW prediction failure as permanent and other failures as retryable", () => {
    expect(fromFailedPrediction("NSFW content detected.")).toMatchObject({ kind: "permanent" });
    expect(fromFailedPrediction("CUDA out of memory")).toMatchObject({ kind: "retryable" });
  });
});
