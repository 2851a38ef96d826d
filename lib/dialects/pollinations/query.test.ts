import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { pollinationsQuerySchema, promptFromPath, toGenerationInput } from "./query";

function parse(query: Record<string, string>, prompt = "a red fox") {
  const parsed = pollinationsQuerySchema.safeParse(query);
  if (!parsed.success) return { error: parsed.error.issues.map((i) => i.path.join(".")) };
  return toGenerationInput(prompt, parsed.data);
}

describe("Pollinations query", () => {
  it("applies Pollinations' defaults: flux, seed 42, 1024×1024, the caller's privacy, not enhanced", () => {
    expect(parse({})).toEqual({
      input: {
        prompt: "a red fox",
        style: "adventurer",
        model: "flux-schnell",
        width: 1024,
        height: 1024,
        seed: 42,
        // Decided by who asks (lib/generations/pipeline.ts): public anonymously, private with a key.
        private: undefined,
      },
      enhancedPrompt: undefined,
    });
  });

  const accepted: [string, Record<string, string>, Record<string, unknown>][] = [
    ["the docs' example size", { width: "1280", height: "720" }, { width: 1280, height: 720 }],
    [
      "a width off the grid, rounded to 8",
      { width: "1000.4", height: "333" },
      { width: 1000, height: 336 },
    ],
    ["model=flux as flux-schnell", { model: "FLUX" }, { model: "flux-schnell" }],
    ["our own model id", { model: "flux-dev" }, { model: "flux-dev" }],
    ["seed -1 (random)", { seed: "-1" }, { seed: -1 }],
    ["private=true", { private: "true" }, { private: true }],
    ["a bare ?private flag", { private: "" }, { private: true }],
    ["nofeed=1 as private", { nofeed: "1" }, { private: true }],
    ["private=false, to share what a key makes", { private: "false" }, { private: false }],
    ["nofeed=false as public", { nofeed: "false" }, { private: false }],
    ["private wins over nofeed=false", { private: "true", nofeed: "false" }, { private: true }],
    ["our style extension", { style: "pixel-art" }, { style: "pixel-art" }],
    [
      "flags with nothing to do (nologo, safe, referrer, token, unknown)",
      { nologo: "true", safe: "true", referrer: "my-app", token: "x", transparent: "true" },
      { private: undefined, seed: 42 },
    ],
  ];
  it.each(accepted)("accepts %s", (_what, query, expected) => {
    const result = parse(query);
    expect(result).toHaveProperty("input");
    expect((result as { input: unknown }).input).toMatchObject(expected);
  });

  const refused: [string, Record<string, string>, string][] = [
    ["turbo, which Likeness does not offer", { model: "turbo" }, "model"],
    ["gptimage", { model: "gptimage" }, "model"],
    ["a width below 64", { width: "32" }, "width"],
    ["a height above 2048", { height: "4096" }, "height"],
    ["a size that is not a number", { width: "wide" }, "width"],
    ["a non-integer seed", { seed: "1.5" }, "seed"],
    ["a seed below -1", { seed: "-2" }, "seed"],
    ["a flag that is not a boolean", { private: "perhaps" }, "private"],
    ["an unknown style", { style: "cubism" }, "style"],
  ];
  it.each(refused)("refuses %s, naming the parameter", (_what, query, param) => {
    expect(parse(query)).toEqual({ error: [param] });
  });

  it("refuses an empty prompt and a too-long one with a 422 naming the prompt", () => {
    for (const prompt of ["   ", "x".repeat(1001)]) {
      const error = (() => {
        try {
          parse({}, prompt);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: "invalid_parameters", status: 422 });
      expect((error as ApiError).message).toMatch(/^prompt:/);
    }
  });

  it("enhance=true generates the style's expanded prompt and says so", () => {
    const result = parse({ enhance: "true", style: "bottts" }, "  a tiny robot ");
    expect(result).toMatchObject({
      enhancedPrompt: expect.stringMatching(/^a tiny robot, robot avatar, /),
      input: { prompt: expect.stringMatching(/^a tiny robot, robot avatar, /), style: "bottts" },
    });
    const plain = parse({ style: "bottts" }, "a tiny robot");
    expect((plain as { input: { prompt: string } }).input.prompt).toBe("a tiny robot");
  });
});

describe("promptFromPath", () => {
  const cases: [string, string][] = [
    ["/prompt/A%20beautiful%20sunset", "A beautiful sunset"],
    ["/prompt/a+red+fox", "a red fox"],
    ["/prompt/one%2Btwo", "one+two"],
    ["/prompt/a%20cat/dog", "a cat/dog"],
    ["/prompt/caf%C3%A9", "café"],
    ["/prompt/pollinations_logo", "pollinations_logo"],
  ];
  it.each(cases)("%s is %j", (path, prompt) => {
    expect(promptFromPath(path)).toBe(prompt);
  });

  it("refuses malformed percent-encoding with a 400", () => {
    expect(() => promptFromPath("/prompt/%E0%A4%A")).toThrow(
      expect.objectContaining({ code: "bad_request" }),
    );
  });
});
