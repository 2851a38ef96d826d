import { describe, expect, it } from "vitest";
import { AVATAR_STYLE_IDS } from "@/lib/catalog/styles";
import { styleCapabilities } from "../providers/local/trait-options";
import { promptTraits } from "../providers/local/traits";
import { galleryEntry } from "./prompts";

const N = 2400;
const entries = Array.from({ length: N }, (_, i) => galleryEntry(i));

describe("galleryEntry", () => {
  it("is deterministic", () => {
    for (const i of [0, 1, 17, 999, 123_456, 2 ** 31 - 1]) {
      expect(galleryEntry(i)).toEqual(galleryEntry(i));
    }
  });

  it("cycles through every style evenly", () => {
    entries.forEach((e, i) => expect(e.style).toBe(AVATAR_STYLE_IDS[i % AVATAR_STYLE_IDS.length]));
    const counts = new Map<string, number>();
    for (const e of entries) counts.set(e.style, (counts.get(e.style) ?? 0) + 1);
    expect([...counts.values()]).toEqual(AVATAR_STYLE_IDS.map(() => N / AVATAR_STYLE_IDS.length));
  });

  it("gives every index its own (style, prompt, seed) and its own seed", () => {
    const triples = new Set(entries.map((e) => `${e.style}|${e.prompt}|${e.seed}`));
    expect(triples.size).toBe(N);
    expect(new Set(entries.map((e) => e.seed)).size).toBe(N);
  });

  it("keeps seeds as integers that fit a Postgres integer column", () => {
    for (const i of [0, 5, 2 ** 31 - 1, 2 ** 40]) {
      const { seed } = galleryEntry(i);
      expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31).toBe(true);
    }
  });

  it("writes varied prompts", () => {
    expect(new Set(entries.map((e) => e.prompt)).size).toBeGreaterThan(N * 0.9);
    const withTraits = entries.filter((e) => promptTraits(e.prompt).tags.length >= 2);
    expect(withTraits.length).toBeGreaterThan(N * 0.6);
  });

  it("tags are the prompt's traits plus the style and subject words", () => {
    for (const e of entries.slice(0, 200)) {
      const traitTags = promptTraits(e.prompt).tags;
      expect(e.tags.slice(0, traitTags.length)).toEqual(traitTags);
      expect(e.tags).toContain(e.style);
      expect(new Set(e.tags).size).toBe(e.tags.length);
      for (const word of e.tags.slice(traitTags.length + 1)) expect(e.prompt).toContain(word);
    }
  });

  it("only names traits its style can draw, so tags never lie about the image", () => {
    for (const e of entries) {
      const can = styleCapabilities(e.style);
      const t = promptTraits(e.prompt);
      if (t.hairColor) expect(can.hairColor, e.prompt).toBe(true);
      if (t.skinTone) expect(can.skinTone, e.prompt).toBe(true);
      if (t.mood) expect(can.moods, e.prompt).toContain(t.mood);
      if (t.eyewear && t.eyewear !== "none") expect(can.eyewear, e.prompt).toContain(t.eyewear);
      if (t.beard) expect(can.beard, e.prompt).toBe(true);
    }
  });

  it("reads naturally: no 'a orange', no doubled spaces or stray commas", () => {
    for (const { prompt } of entries) {
      expect(prompt).not.toMatch(/\ba [aeiou]|\s{2}|,,|^\s|\s$| ,/);
    }
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects index %s", (index) => {
    expect(() => galleryEntry(index)).toThrow(/non-negative integer/);
  });
});
