import { describe, expect, it } from "vitest";
import { similarTerms } from "./similar-query";

describe("similarTerms", () => {
  it.each([
    ["red hair", "red | hair:*", "(red <-> hair:*)", "red hair"],
    ["red ha", "red | ha", "(red <-> ha)", "red ha"],
    [
      "a Pirate with a red beard ",
      "pirate | red | beard:*",
      "(red <-> beard:*)",
      "pirate red beard",
    ],
    ["on a pink background", "pink", null, "pink"],
    ["portrait of the", null, null, ""],
    [
      "o'brien & (x|y):* <->",
      "o | brien | x | y",
      "(o <-> brien) | (brien <-> x) | (x <-> y)",
      "o brien x y",
    ],
  ])("%j", (prompt, words, phrases, content) => {
    expect(similarTerms(prompt)).toEqual({ words, phrases, content });
  });

  it("reads at most 24 words, and only a last word it read is a prefix", () => {
    const many = Array.from({ length: 30 }, (_, i) => `w${i}x`).join(" ");
    const terms = similarTerms(many);
    expect(terms.content.split(" ")).toHaveLength(24);
    expect(terms.words).not.toContain(":*");
  });
});
