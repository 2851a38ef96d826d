import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { renderAvatar, type RenderInput } from "./render";
import { AVATAR_STYLE_IDS, type AvatarStyleId } from "@/lib/catalog/styles";
import { styleCapabilities, type StyleCapabilities } from "./trait-options";
import { BACKGROUND_HEX, DEFAULT_BACKGROUNDS, HAIR_HEX } from "./trait-vocabulary";

const SIZE = 128;

async function pixels(input: Omit<RenderInput, "size"> & { size?: number }) {
  const png = await renderAvatar({ size: SIZE, ...input });
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => {
    const i = (y * info.width + x) * info.channels;
    return [data[i] ?? -1, data[i + 1] ?? -1, data[i + 2] ?? -1];
  };
  /** Share of pixels within a small distance of `hex` (antialiased edges aside, fills are exact). */
  const share = (hex: string) => {
    const [r, g, b] = [0, 2, 4].map((o) => parseInt(hex.slice(o, o + 2), 16));
    let hits = 0;
    for (let i = 0; i < data.length; i += info.channels) {
      const d = Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!);
      if (d < 24) hits++;
    }
    return hits / (info.width * info.height);
  };
  return { png, data, info, at, share };
}

const hexRgb = (hex: string) => [0, 2, 4].map((o) => parseInt(hex.slice(o, o + 2), 16));

async function differs(style: AvatarStyleId, a: string, b: string, seed = 3): Promise<boolean> {
  const [x, y] = await Promise.all([
    pixels({ style, seed, prompt: a }),
    pixels({ style, seed, prompt: b }),
  ]);
  return !x.data.equals(y.data);
}

describe("renderAvatar output", () => {
  it.each(AVATAR_STYLE_IDS)(
    "%s: opaque PNG of exactly size×size, at odd sizes too",
    async (style) => {
      for (const size of [64, 97, 300]) {
        const meta = await sharp(
          await renderAvatar({ style, seed: 1, prompt: "", size }),
        ).metadata();
        expect([meta.format, meta.width, meta.height, meta.channels]).toEqual([
          "png",
          size,
          size,
          3,
        ]);
      }
    },
  );

  it.each(AVATAR_STYLE_IDS)("%s: the same input gives byte-identical PNGs", async (style) => {
    const input = { style, seed: 42, prompt: "smiling with red hair and glasses", size: 256 };
    const [a, b] = await Promise.all([renderAvatar(input), renderAvatar(input)]);
    expect(a.equals(b)).toBe(true);
    expect((await renderAvatar({ ...input, seed: 43 })).equals(a)).toBe(false);
  });
});

describe("prompt words steer the image", () => {
  it.each(AVATAR_STYLE_IDS)("%s: 'blue background' paints the corner blue", async (style) => {
    const { at } = await pixels({ style, seed: 5, prompt: "someone on a blue background" });
    expect(at(1, 1)).toEqual(hexRgb(BACKGROUND_HEX.blue));
  });

  it.each(AVATAR_STYLE_IDS.filter((s) => s !== "fun-emoji"))(
    "%s: without a background word, the corner is a palette pastel, never transparent black",
    async (style) => {
      const corners = new Set<string>();
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        const [r, g, b] = (await pixels({ style, seed, prompt: "a person" })).at(1, 1);
        corners.add([r, g, b].map((c) => c!.toString(16).padStart(2, "0")).join(""));
      }
      for (const c of corners) expect(DEFAULT_BACKGROUNDS).toContain(c);
      expect(corners.size).toBeGreaterThan(1);
    },
  );

  const hairStyles = AVATAR_STYLE_IDS.filter((s) => styleCapabilities(s).hairColor);
  it.each(hairStyles)("%s: 'red hair' shows red hair that 'black hair' does not", async (style) => {
    for (const seed of [1, 2, 3]) {
      const red = await pixels({ style, seed, prompt: "red hair" });
      const black = await pixels({ style, seed, prompt: "black hair" });
      expect(red.share(HAIR_HEX.red)).toBeGreaterThan(0.01);
      expect(black.share(HAIR_HEX.red)).toBeLessThan(0.001);
    }
  });

  // Every capability a style claims (and the gallery tags by) must visibly change its image.
  const claims = (pick: (c: StyleCapabilities) => boolean) =>
    AVATAR_STYLE_IDS.filter((s) => pick(styleCapabilities(s)));
  const cases: Array<[string, string, string, AvatarStyleId[]]> = [
    ["glasses", "with glasses", "without glasses", claims((c) => c.eyewear.includes("glasses"))],
    [
      "sunglasses",
      "with sunglasses",
      "with glasses",
      claims((c) => c.eyewear.includes("sunglasses")),
    ],
    ["mood", "smiling", "serious", claims((c) => c.moods.length === 2)],
    ["beard", "bearded", "no beard", claims((c) => c.beard)],
    ["skin", "pale skin", "dark skin", claims((c) => c.skinTone)],
  ];
  for (const [trait, a, b, styles] of cases) {
    it.each(styles)(`%s: ${trait} ("${a}" vs "${b}") changes the image`, async (style) => {
      for (const seed of [3, 4]) expect(await differs(style, a, b, seed)).toBe(true);
    });
  }

  // Where only smiles exist, the unsteered default may already smile, so some seed must differ.
  it.each(claims((c) => c.moods.length === 1))("%s: 'smiling' picks a smile", async (style) => {
    const changed = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((seed) => differs(style, "smiling", "", seed)),
    );
    expect(changed).toContain(true);
  });

  it("styles claim the traits DiceBear lets them draw", () => {
    const table = Object.fromEntries(AVATAR_STYLE_IDS.map((s) => [s, styleCapabilities(s)]));
    const all = { hairColor: true, skinTone: true, moods: ["smiling", "serious"], beard: true };
    const both = ["glasses", "sunglasses"];
    expect(table).toEqual({
      adventurer: { ...all, eyewear: both },
      avataaars: { ...all, eyewear: both },
      "big-smile": { ...all, eyewear: both, beard: false },
      bottts: { hairColor: false, skinTone: false, eyewear: [], moods: ["smiling"], beard: false },
      "fun-emoji": { ...all, hairColor: false, skinTone: false, eyewear: both, beard: false },
      lorelei: { ...all, eyewear: both },
      micah: { ...all, eyewear: ["glasses"] },
      notionists: { ...all, hairColor: false, skinTone: false, eyewear: both },
      "open-peeps": { ...all, eyewear: both },
      personas: { ...all, eyewear: both },
      "pixel-art": { ...all, eyewear: both },
      thumbs: { hairColor: false, skinTone: false, eyewear: [], moods: ["smiling"], beard: false },
    });
  });

  it("words without a trait do not change the avatar", async () => {
    expect(await differs("avataaars", "a wizard", "a knight")).toBe(false);
  });
});

describe("renderAvatar input validation", () => {
  const valid: RenderInput = { prompt: "x", style: "avataaars", seed: 1, size: 128 };
  it.each<[string, Partial<RenderInput> | Record<string, unknown>, RegExp]>([
    ["size too small", { size: 63 }, /size must be an integer from 64 to 2048/],
    ["size too large", { size: 2049 }, /size must be an integer/],
    ["fractional size", { size: 100.5 }, /size must be an integer/],
    ["NaN size", { size: Number.NaN }, /size must be an integer/],
    ["fractional seed", { seed: 1.5 }, /seed must be a safe integer/],
    ["unsafe seed", { seed: 2 ** 53 }, /seed must be a safe integer/],
    ["unknown style", { style: "initials" }, /unknown style "initials"/],
    ["prompt not a string", { prompt: 5 }, /prompt must be a string/],
  ])("rejects %s", async (_name, patch, message) => {
    await expect(renderAvatar({ ...valid, ...patch } as RenderInput)).rejects.toThrow(message);
  });
});
