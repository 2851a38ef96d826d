import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, query } from "@/lib/db";
import { PROMPT_MAX_LENGTH } from "@/lib/generations/input-schema";
import { similarAvatars } from "./similar";

/** Index rows only (the query never reads the images), each with the prompt and style a test needs. */
const ROWS: [style: string, prompt: string][] = [
  ["adventurer", "smiling astronaut with red hair on a teal background"],
  ["bottts", "smiling astronaut with red hair on a teal background"],
  ["adventurer", "grumpy chef with blue hair, grey background"],
  ["lorelei", "calm gardener with round glasses"],
  ["micah", "portrait of a serious detective with a neat beard"],
  ["personas", "cheerful baker with dark skin on a mint background"],
  ...Array.from({ length: 14 }, (): [string, string] => [
    "micah",
    "happy pilot with sunglasses on a pink background",
  ]),
];

beforeAll(async () => {
  await query("truncate public.gallery_avatars restart identity");
  const keys = { png: "t/o.png", webp: { 128: "t/1", 256: "t/2", 512: "t/3", 1024: "t/4" } };
  await query(
    `insert into public.gallery_avatars
       (style, prompt, seed, tags, content_sha256, object_keys, width, height, blur_data_url)
     select style, prompt, seed, '{}', md5(prompt || seed), $3, 1024, 1024, 'data:image/webp;base64,'
     from unnest($1::text[], $2::text[]) with ordinality as t(style, prompt, seed)`,
    [ROWS.map((r) => r[0]), ROWS.map((r) => r[1]), keys],
  );
});
afterAll(closeDb);

const prompts = async (prompt: string, more: { style?: string; limit?: number } = {}) =>
  (await similarAvatars({ prompt, limit: 6, ...more })).map((a) => `${a.style}: ${a.prompt}`);

describe("similar gallery avatars", () => {
  it("puts the requested style first, whatever the score", async () => {
    const astronaut = "smiling astronaut with red hair on a teal background";
    expect((await prompts("astronaut with red hair", { style: "bottts" }))[0]).toBe(
      `bottts: ${astronaut}`,
    );
    expect((await prompts("astronaut with red hair", { style: "adventurer" })).slice(0, 2)).toEqual(
      [`adventurer: ${astronaut}`, "adventurer: grumpy chef with blue hair, grey background"],
    );
  });

  it("ranks a matching prompt above one that only shares a word", async () => {
    const chef = await prompts("grumpy chef with blue hair");
    expect(chef[0]).toBe("adventurer: grumpy chef with blue hair, grey background");
    // "hair" alone is shared with the astronauts: they may follow, never lead.
    expect(chef.slice(1).every((p) => p.includes("astronaut"))).toBe(true);
  });

  it("understands a couple of words, a word being typed and a typo", async () => {
    const astronauts = (found: string[]) =>
      found.filter((p) => p.includes("smiling astronaut with red hair"));
    for (const typed of ["astro", "astronot", "Astronaut!"]) {
      const found = await prompts(typed);
      expect(astronauts(found), typed).toHaveLength(2);
      expect(found, typed).toHaveLength(2);
    }
    // "hai" may be "hair": the chef's blue hair follows the red hair.
    const redHair = await prompts("red hai");
    expect(astronauts(redHair.slice(0, 2))).toHaveLength(2);
    // The word itself first, then what only trigrams see: "glasses" inside "sunglasses".
    const glasses = await prompts("glasses");
    expect(glasses[0]).toBe("lorelei: calm gardener with round glasses");
    expect(glasses.length).toBeGreaterThan(1);
    expect(glasses.slice(1).every((p) => p.includes("sunglasses"))).toBe(true);
  });

  it("returns at most the limit, six by default", async () => {
    expect(await prompts("pilot with sunglasses", { limit: 3 })).toHaveLength(3);
    expect(await similarAvatars({ prompt: "pilot with sunglasses", limit: 6 })).toHaveLength(6);
    expect(await prompts("pilot with sunglasses", { limit: 12 })).toHaveLength(12);
  });

  it("returns nothing for nonsense, filler or query syntax", async () => {
    for (const typed of [
      "zebra submarine",
      "qwxzv",
      "the",
      "on a background",
      "a wizard cat casting spells in a dark forest",
      "'&|!():*<-> \\ %",
    ]) {
      expect(await prompts(typed), typed).toEqual([]);
    }
  });

  it("takes a prompt as long as a generation's", async () => {
    const long = `serious detective with a neat beard ${"and more words ".repeat(80)}`.slice(
      0,
      PROMPT_MAX_LENGTH,
    );
    expect((await prompts(long))[0]).toBe(
      "micah: portrait of a serious detective with a neat beard",
    );
  });
});
