import { AVATAR_STYLE_IDS, type AvatarStyleId } from "@/lib/catalog/styles";
import { styleCapabilities } from "../providers/local/trait-options";
import { BACKGROUND_COLORS, promptTraits, type HairColor } from "../providers/local/traits";

export interface GalleryEntry {
  style: AvatarStyleId;
  prompt: string;
  /** Unique per index below 2^31 and within Postgres `integer`. */
  seed: number;
  tags: string[];
}

const SUBJECTS = [
  "person",
  "explorer",
  "artist",
  "astronaut",
  "chef",
  "gardener",
  "musician",
  "scientist",
  "pilot",
  "teacher",
  "skater",
  "librarian",
  "detective",
  "traveler",
  "designer",
  "poet",
  "baker",
  "sailor",
  "climber",
  "gamer",
  "photographer",
  "runner",
];
const ROBOT_SUBJECTS = ["robot", "android", "bot", "droid", "automaton"];
const SMILING = ["smiling", "happy", "cheerful", "grinning", "joyful"];
const SERIOUS = ["serious", "stern", "grumpy", "frowning"];
/** Flavour only: none of these is a trait word, so they never steer the render. */
const NEUTRAL = ["curious", "calm", "friendly", "bold", "dreamy", "quiet", "confident", "brave"];
const HAIR_WORDS: Record<HairColor, string[]> = {
  blonde: ["blonde", "golden"],
  brown: ["brown", "chestnut brown"],
  black: ["black", "jet black"],
  red: ["red", "ginger"],
  grey: ["silver", "grey", "white"],
  pink: ["pink"],
  blue: ["blue"],
  green: ["green"],
  purple: ["purple"],
};
const HAIR_SHAPES = ["", "curly ", "short ", "long ", "wavy ", "messy "];
const GLASSES = ["glasses", "round glasses", "spectacles"];
const SUNGLASSES = ["sunglasses", "dark sunglasses"];
const SKIN = ["pale skin", "fair skin", "tan skin", "olive skin", "dark skin", "deep skin"];
const INK_STYLES = new Set<AvatarStyleId>(["lorelei", "notionists"]);
const BEARDS = ["a beard", "a bushy beard", "a neat beard"];

/**
 * The prompt, seed and tags of gallery avatar number `index`. Pure and deterministic, so re-running
 * the seeding script reproduces the same gallery. Styles rotate evenly, and a prompt only names
 * traits its style can draw, so every tag is visibly true of its image.
 */
export function galleryEntry(index: number): GalleryEntry {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new Error(`galleryEntry: index must be a non-negative integer, got ${index}`);
  }
  const style = AVATAR_STYLE_IDS[index % AVATAR_STYLE_IDS.length] ?? AVATAR_STYLE_IDS[0];
  const seed = mix31(index);
  const rand = mulberry32(seed ^ 0x5bd1e995);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const can = styleCapabilities(style);

  const mood = rand() < 0.55 && can.moods.length ? pick(can.moods) : undefined;
  const adjective = mood ? pick(mood === "smiling" ? SMILING : SERIOUS) : pick(NEUTRAL);
  const subject = pick(style === "bottts" ? ROBOT_SUBJECTS : SUBJECTS);
  const hair =
    can.hairColor && rand() < 0.7 ? pick(Object.keys(HAIR_WORDS) as HairColor[]) : undefined;
  const features = [
    hair && `${pick(HAIR_SHAPES)}${pick(HAIR_WORDS[hair])} hair`,
    can.eyewear.length && rand() < 0.35
      ? pick(pick(can.eyewear) === "glasses" ? GLASSES : SUNGLASSES)
      : undefined,
    can.skinTone && rand() < 0.25 ? pick(SKIN) : undefined,
    can.beard && rand() < 0.25 ? pick(BEARDS) : undefined,
  ].filter((f): f is string => typeof f === "string" && f !== "");
  const colors = BACKGROUND_COLORS.filter(
    // A background the colour of the hair would swallow it, and black ink vanishes on dark ones.
    (c) => c !== hair && c !== "black" && !(INK_STYLES.has(style) && c === "navy"),
  );
  const background = rand() < 0.85 ? pick(colors) : undefined;

  const person = `${adjective} ${subject}`;
  const a = (word: string) => `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;
  const withFeatures = features.length ? ` with ${listOf(features)}` : "";
  const prompt = !background
    ? `portrait of ${a(person)}${withFeatures}`
    : pick([
        `${person}${withFeatures} on ${a(background)} background`,
        `${person}${withFeatures}, ${background} background`,
        `${person}${withFeatures} against ${a(background)} backdrop`,
      ]);
  const tags = [...promptTraits(prompt).tags, style, subject, ...(mood ? [] : [adjective])];
  return { style, prompt, seed, tags: [...new Set(tags)] };
}

function listOf(items: string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** A bijection on [0, 2^31): xor-shifts and odd multipliers each are, so distinct indexes never collide. */
function mix31(index: number): number {
  let x = index % 2 ** 31;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) & 0x7fffffff;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) & 0x7fffffff;
  return (x ^ (x >>> 16)) >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
