import { describe, expect, it } from "vitest";
import { generationInputSchema, normalizeGeneration, requestHash } from "./normalize";

const parse = (input: Record<string, unknown>) => generationInputSchema.parse(input);

describe("generation input", () => {
  it("applies every default", () => {
    expect(normalizeGeneration(parse({ prompt: "  a  smiling   fox " }), () => 7)).toEqual({
      prompt: "a smiling fox",
      style: "adventurer",
      model: "flux-schnell",
      width: 1024,
      height: 1024,
      seed: 7,
      steps: 4,
      format: "png",
    });
    expect(normalizeGeneration(parse({ prompt: "x", model: "flux-dev", seed: 3 })).steps).toBe(28);
  });

  it("treats a missing seed and -1 as a fresh random seed, and keeps an explicit one", () => {
    let n = 100;
    const random = () => n++;
    expect(normalizeGeneration(parse({ prompt: "x" }), random).seed).toBe(100);
    expect(normalizeGeneration(parse({ prompt: "x", seed: -1 }), random).seed).toBe(101);
    expect(normalizeGeneration(parse({ prompt: "x", seed: 0 }), random).seed).toBe(0);
  });

  it.each([
    [{}, "prompt"],
    [{ prompt: "   " }, "prompt"],
    [{ prompt: "x".repeat(1001) }, "prompt"],
    [{ prompt: "x", style: "cubism" }, "style"],
    [{ prompt: "x", model: "dall-e-3" }, "model"],
    [{ prompt: "x", width: 32 }, "width"],
    [{ prompt: "x", width: 4096 }, "width"],
    [{ prompt: "x", height: 1001 }, "height"],
    [{ prompt: "x", seed: 1.5 }, "seed"],
    [{ prompt: "x", seed: -2 }, "seed"],
    [{ prompt: "x", seed: 2 ** 31 }, "seed"],
  ])("rejects %j on %s", (input, path) => {
    const result = generationInputSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([path]);
  });
});

describe("requestHash", () => {
  const base = normalizeGeneration(parse({ prompt: "a fox", seed: 1 }));

  it("is the same for equal requests, whatever the key order or privacy", () => {
    const reordered = Object.fromEntries(Object.entries(base).reverse()) as typeof base;
    expect(requestHash(reordered)).toBe(requestHash(base));
    const viaPrivate = normalizeGeneration(parse({ prompt: "a   fox", seed: 1, private: true }));
    expect(requestHash(viaPrivate)).toBe(requestHash(base));
  });

  it.each([
    ["prompt", "a cat"],
    ["seed", 2],
    ["style", "bottts"],
    ["width", 512],
    ["model", "flux-dev"],
  ])("changes with %s", (key, value) => {
    expect(requestHash({ ...base, [key]: value })).not.toBe(requestHash(base));
  });
});
