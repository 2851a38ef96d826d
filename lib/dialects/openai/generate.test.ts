import { describe, expect, it } from "vitest";
import { MAX_SEED } from "@/lib/generations/input-schema";
import { ApiError } from "@/lib/api/errors";
import { distinctSeeds, generationInputs, naming } from "./generate";
import { parseImageRequest } from "./request-schema";

describe("distinctSeeds", () => {
  it("counts up from a given seed, wrapping at the largest", () => {
    expect(distinctSeeds(3, 10)).toEqual([10, 11, 12]);
    expect(distinctSeeds(2, MAX_SEED)).toEqual([MAX_SEED, 0]);
  });

  it("draws n different random seeds, even when the random source repeats itself", () => {
    const draws = [5, 5, 5, 9, 5, 9, 1];
    const seeds = distinctSeeds(3, undefined, () => draws.shift()!);
    expect(seeds).toEqual([5, 9, 1]);
    expect(new Set(distinctSeeds(4, -1)).size).toBe(4);
  });
});

describe("generationInputs", () => {
  it("makes one native input per image, each with its own seed and the request's parameters", () => {
    const body = parseImageRequest({ prompt: "a fox", n: 2, size: "512x256", seed: 7 });
    expect(generationInputs(body, "flux-dev")).toEqual([
      {
        prompt: "a fox",
        style: "adventurer",
        model: "flux-dev",
        width: 512,
        height: 256,
        seed: 7,
        private: undefined,
      },
      {
        prompt: "a fox",
        style: "adventurer",
        model: "flux-dev",
        width: 512,
        height: 256,
        seed: 8,
        private: undefined,
      },
    ]);
  });
});

describe("naming", () => {
  it("gives a timed-out request of several images every id to follow", () => {
    const timeout = new ApiError("generation_timeout", "Not ready within 120 s.");
    const named = naming(timeout, ["a", "b"]) as ApiError;
    expect(named.code).toBe("generation_timeout");
    expect(named.message).toContain("All 2 images: a, b.");
    expect(named.details).toEqual({
      ids: ["a", "b"],
      status_urls: ["/api/v1/generations/a", "/api/v1/generations/b"],
    });
  });

  it("leaves other errors, and a single image's timeout, as they are", () => {
    const flagged = new ApiError("content_flagged", "unsafe");
    const timeout = new ApiError("generation_timeout", "late");
    expect(naming(flagged, ["a", "b"])).toBe(flagged);
    expect(naming(timeout, ["a"])).toBe(timeout);
  });
});
