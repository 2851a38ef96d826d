/**
 * Reads the few words of a free-text prompt that the local (DiceBear) generator can act on. The
 * rest of the prompt is flavour: DiceBear has no notion of "explorer" or "wizard".
 */
export const HAIR_COLORS = [
  "blonde",
  "brown",
  "black",
  "red",
  "grey",
  "pink",
  "blue",
  "green",
  "purple",
] as const;
export type HairColor = (typeof HAIR_COLORS)[number];

export const SKIN_TONES = ["light", "medium", "dark"] as const;
export type SkinTone = (typeof SKIN_TONES)[number];

export const BACKGROUND_COLORS = [
  "red",
  "orange",
  "yellow",
  "green",
  "mint",
  "teal",
  "blue",
  "navy",
  "purple",
  "lavender",
  "pink",
  "peach",
  "grey",
  "white",
  "black",
] as const;
export type BackgroundColor = (typeof BACKGROUND_COLORS)[number];

export type Eyewear = "glasses" | "sunglasses" | "none";
export type Mood = "smiling" | "serious";

export interface PromptTraits {
  hairColor?: HairColor;
  skinTone?: SkinTone;
  /** "none" only when the prompt asks for it ("no glasses"); undefined leaves it to chance. */
  eyewear?: Eyewear;
  mood?: Mood;
  /** false only when the prompt asks for it ("no beard", "clean-shaven"). */
  beard?: boolean;
  background?: BackgroundColor;
  /** Normalized, in a fixed order so equal traits always give equal tags. */
  tags: string[];
}

const HAIR_WORDS: Record<string, HairColor> = {
  blonde: "blonde",
  blond: "blonde",
  golden: "blonde",
  brown: "brown",
  brunette: "brown",
  black: "black",
  red: "red",
  ginger: "red",
  auburn: "red",
  redhead: "red",
  grey: "grey",
  gray: "grey",
  white: "grey",
  silver: "grey",
  pink: "pink",
  blue: "blue",
  green: "green",
  purple: "purple",
  violet: "purple",
};
/** Words that name a hair colour on their own; other colours need "hair" after them ("black hair"). */
const STANDALONE_HAIR = new Set(["blonde", "blond", "brunette", "ginger", "redhead", "auburn"]);
const HAIR_NOUNS = new Set(["hair", "haired", "hairs", "locks"]);

const SKIN_WORDS: Record<string, SkinTone> = {
  pale: "light",
  fair: "light",
  light: "light",
  tan: "medium",
  tanned: "medium",
  olive: "medium",
  medium: "medium",
  brown: "medium",
  dark: "dark",
  deep: "dark",
};
/** "light" or "dark" alone is too ambiguous ("dark blue background"), so only these stand alone. */
const STANDALONE_SKIN = new Set(["pale", "tanned"]);
const SKIN_NOUNS = new Set(["skin", "skinned", "complexion"]);

const BACKGROUND_WORDS: Record<string, BackgroundColor> = {
  ...Object.fromEntries(BACKGROUND_COLORS.map((c) => [c, c])),
  gray: "grey",
  violet: "purple",
  turquoise: "teal",
  cyan: "teal",
  golden: "yellow",
};
const BACKGROUND_NOUNS = new Set(["background", "backdrop", "bg"]);

const GLASSES_WORDS: Record<string, Exclude<Eyewear, "none">> = {
  glasses: "glasses",
  spectacles: "glasses",
  specs: "glasses",
  eyeglasses: "glasses",
  bespectacled: "glasses",
  sunglasses: "sunglasses",
  shades: "sunglasses",
};
const MOOD_WORDS: Record<string, Mood> = {
  smile: "smiling",
  smiles: "smiling",
  smiling: "smiling",
  happy: "smiling",
  grin: "smiling",
  grinning: "smiling",
  cheerful: "smiling",
  laughing: "smiling",
  joyful: "smiling",
  sad: "serious",
  serious: "serious",
  frown: "serious",
  frowning: "serious",
  grumpy: "serious",
  stern: "serious",
  unhappy: "serious",
};
const BEARD_WORDS = new Set(["beard", "bearded", "beards", "moustache", "mustache", "goatee"]);
const NEGATIONS = new Set(["no", "without", "not", "never"]);

export function promptTraits(prompt: string): PromptTraits {
  const words = prompt.toLowerCase().match(/[a-z]+/g) ?? [];
  const traits: Omit<PromptTraits, "tags"> = {};
  words.forEach((word, i) => {
    const next = words[i + 1] ?? "";
    const negated = NEGATIONS.has(words[i - 1] ?? "");
    // A colour directly before "background" belongs to the background, never to hair or skin.
    const background = BACKGROUND_WORDS[word];
    if (background && BACKGROUND_NOUNS.has(next)) {
      traits.background ??= background;
      return;
    }
    const hair = HAIR_WORDS[word];
    // "red curly hair": allow one descriptive word between the colour and "hair".
    const namesHair = HAIR_NOUNS.has(next) || HAIR_NOUNS.has(words[i + 2] ?? "");
    if (hair && (STANDALONE_HAIR.has(word) || namesHair)) traits.hairColor ??= hair;
    const skin = SKIN_WORDS[word];
    if (skin && (STANDALONE_SKIN.has(word) || SKIN_NOUNS.has(next))) traits.skinTone ??= skin;
    const eyewear = GLASSES_WORDS[word];
    if (eyewear) traits.eyewear ??= negated ? "none" : eyewear;
    const mood = MOOD_WORDS[word];
    // "not happy" reads as serious; "not sad" says too little to steer by.
    if (mood) traits.mood ??= negated ? (mood === "smiling" ? "serious" : undefined) : mood;
    if (BEARD_WORDS.has(word)) traits.beard ??= !negated;
    if (word === "shaven" || word === "beardless") traits.beard ??= false;
  });
  return { ...traits, tags: tagsFor(traits) };
}

function tagsFor(t: Omit<PromptTraits, "tags">): string[] {
  return [
    t.hairColor && `${t.hairColor}-hair`,
    t.skinTone && `${t.skinTone}-skin`,
    t.eyewear !== "none" && t.eyewear,
    t.mood,
    t.beard && "beard",
    t.background && `${t.background}-background`,
  ].filter((tag): tag is string => typeof tag === "string");
}
