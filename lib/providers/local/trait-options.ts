import { schemaEnum, schemaProperty, type DiceBearOptions } from "./dicebear";
import type { AvatarStyleId } from "./styles";
import type { BackgroundColor, Eyewear, HairColor, Mood, PromptTraits, SkinTone } from "./traits";

/**
 * Turns prompt traits into DiceBear options, but only options the style's own JSON schema declares:
 * each style names its parts differently (micah's skin is `baseColor`, open-peeps' hair colour is
 * `headContrastColor`, personas draws glasses as `eyes`), and unknown options are silently ignored.
 */
export const HAIR_HEX: Record<HairColor, string> = {
  blonde: "e2b857",
  brown: "6a4e35",
  black: "1f1a17",
  red: "c93305",
  grey: "b8b8b8",
  pink: "f28cb1",
  blue: "4f86e8",
  green: "3eac2c",
  purple: "7b3fa0",
};
const SKIN_HEX: Record<SkinTone, string> = { light: "f2d3b1", medium: "d08b5b", dark: "7a4627" };
export const BACKGROUND_HEX: Record<BackgroundColor, string> = {
  red: "e25555",
  orange: "f59a3c",
  yellow: "f6d04d",
  green: "5cb85c",
  mint: "a8e6cf",
  teal: "2a9d8f",
  blue: "3b7be8",
  navy: "1f3a68",
  purple: "8e5cd9",
  lavender: "c9b8f0",
  pink: "f7a8c4",
  peach: "ffcfb0",
  grey: "b8bcc4",
  white: "ffffff",
  black: "1c1c22",
};
/** Light pastels: every style's line art stays readable on them. */
export const DEFAULT_BACKGROUNDS = [
  "b6e3f4",
  "c0aede",
  "d1d4f9",
  "ffd5dc",
  "ffdfbf",
  "c7f0d8",
  "fdf1b8",
];

/**
 * Some styles number their mouths (variant01…) instead of naming them. These were sorted by eye from
 * a contact sheet of every variant; anything ambiguous (tongue out, "o" mouths) is in neither list.
 */
const NUMBERED_MOUTHS: Partial<Record<AvatarStyleId, { option: string } & Record<Mood, number[]>>> =
  {
    adventurer: {
      option: "mouth",
      smiling: [1, 2, 5, 22, 23, 25, 26, 27, 28, 29, 30],
      serious: [4, 9, 10, 14],
    },
    notionists: {
      option: "lips",
      smiling: [3, 5, 14, 22, 23, 25, 30],
      serious: [4, 13, 18, 19, 21, 24],
    },
    thumbs: { option: "mouth", smiling: [1, 2], serious: [] },
  };
const SMILE = /smil|happy|laugh|grin|twinkle|kawaii|cute/i;
const SERIOUS = /sad|serious|frown|concerned|unimpressed|solemn|plain|blank/i;
const HAPPY_EYES = /^happy$|^smiling|^cheery$/;

export function traitOptions(
  style: AvatarStyleId,
  traits: PromptTraits,
  seed: string,
): DiceBearOptions {
  return {
    ...(traits.hairColor && {
      ...visibleHair(style),
      ...colors(style, HAIR_OPTIONS, HAIR_HEX[traits.hairColor]),
    }),
    ...(traits.skinTone && colors(style, skinOptions(style), SKIN_HEX[traits.skinTone])),
    ...(traits.mood && moodOptions(style, traits.mood)),
    // After mood: personas and fun-emoji draw glasses as eyes, and the explicit eyewear wins.
    ...(traits.eyewear && eyewearOptions(style, traits.eyewear)),
    ...(traits.beard !== undefined && beardOptions(style, traits.beard)),
    ...backgroundOptions(style, traits.background, seed),
  };
}

export interface StyleCapabilities {
  hairColor: boolean;
  skinTone: boolean;
  eyewear: Array<Exclude<Eyewear, "none">>;
  moods: Mood[];
  /** Adventurer's is a moustache: it has no beards. */
  beard: boolean;
}

/** Which traits visibly change this style, so callers never promise (or tag) what it cannot draw. */
export function styleCapabilities(style: AvatarStyleId): StyleCapabilities {
  const cached = capabilities.get(style);
  if (cached) return cached;
  const some = (options: DiceBearOptions) => Object.keys(options).length > 0;
  const eyewear = eyewearOf(style);
  const found: StyleCapabilities = {
    hairColor: some(colors(style, HAIR_OPTIONS, "000000")),
    skinTone: some(colors(style, skinOptions(style), "000000")),
    eyewear: eyewear ? (["glasses", "sunglasses"] as const).filter((e) => eyewear[e].length) : [],
    moods: (["smiling", "serious"] as const).filter((m) => some(moodOptions(style, m))),
    beard: some(beardOptions(style, true)),
  };
  capabilities.set(style, found);
  return found;
}
// Schemas are static, and the gallery asks once per avatar.
const capabilities = new Map<AvatarStyleId, StyleCapabilities>();

const HAIR_OPTIONS = ["hairColor", "headContrastColor", "facialHairColor"];
// Micah calls its skin colour `baseColor`; bottts' `baseColor` is the robot's paint, not skin.
const skinOptions = (style: AvatarStyleId) => [style === "micah" ? "baseColor" : "skinColor"];

function has(style: AvatarStyleId, option: string): boolean {
  return schemaProperty(style, option) !== undefined;
}

/** Hats, hijabs, bald heads and micah's few stray hairs would hide the hair colour asked for. */
const HIDES_HAIR = /hat|hijab|turban|^cap$|beanie|bald|shaved|nohair|mrclean|dougfunny/i;
/** Open Peeps draws most hair in black ink; only these heads take `headContrastColor`. */
const OPEN_PEEPS_COLORED_HEADS =
  "bangs cornrows grayBun grayMedium grayShort mediumBangs2 mohawk mohawk2 short4".split(" ");

function visibleHair(style: AvatarStyleId): DiceBearOptions {
  if (style === "open-peeps") return { head: OPEN_PEEPS_COLORED_HEADS };
  const options: DiceBearOptions = has(style, "hatProbability") ? { hatProbability: 0 } : {};
  for (const option of ["top", "hair"]) {
    const shown = schemaEnum(style, option).filter((v) => !HIDES_HAIR.test(v));
    if (shown.length) Object.assign(options, pick(style, option, shown));
  }
  return options;
}

function colors(style: AvatarStyleId, options: string[], hex: string): DiceBearOptions {
  return Object.fromEntries(options.filter((o) => has(style, o)).map((o) => [o, [hex]]));
}

/** Draws the part from `values`, and makes it certain when the style treats the part as optional. */
function pick(style: AvatarStyleId, option: string, values: string[]): DiceBearOptions {
  const probability = `${option}Probability`;
  return { [option]: values, ...(has(style, probability) && { [probability]: 100 }) };
}

/** Leaves the part to chance but only among `rest`; with nothing left, the part is dropped. */
function exclude(style: AvatarStyleId, option: string, rest: string[]): DiceBearOptions {
  const probability = `${option}Probability`;
  if (rest.length) return { [option]: rest };
  return has(style, probability) ? { [probability]: 0 } : {};
}

function moodOptions(style: AvatarStyleId, mood: Mood): DiceBearOptions {
  const numbered = NUMBERED_MOUTHS[style];
  if (numbered) {
    const values = numbered[mood].map((n) =>
      schemaEnum(style, numbered.option).find((v) => Number(v.replace(/\D/g, "")) === n),
    );
    const found = values.filter((v): v is string => v !== undefined);
    return found.length ? { [numbered.option]: found } : {};
  }
  const matches = (v: string) =>
    mood === "smiling" ? SMILE.test(v) && !/awkward/i.test(v) : SERIOUS.test(v);
  const options: DiceBearOptions = {};
  for (const option of ["mouth", "face"]) {
    const values = schemaEnum(style, option).filter(matches);
    if (values.length) options[option] = values;
  }
  const happyEyes = schemaEnum(style, "eyes").filter((v) => HAPPY_EYES.test(v));
  if (mood === "smiling" && happyEyes.length) options.eyes = happyEyes;
  return options;
}

const EYEWEAR_OPTIONS: Array<{ option: string; any: RegExp; sun: RegExp }> = [
  { option: "glasses", any: /./, sun: /^dark/ },
  {
    option: "accessories",
    any: /glasses|prescription|wayfarers|^round$|kurt/i,
    sun: /sunglasses|kurt|wayfarers/i,
  },
  { option: "eyes", any: /glasses|shades/i, sun: /sunglasses|shades/i },
];

/** The option a style draws eyewear with, split into clear glasses and sunglasses. */
function eyewearOf(style: AvatarStyleId) {
  for (const { option, any, sun } of EYEWEAR_OPTIONS) {
    const values = schemaEnum(style, option);
    const eyewear = values.filter((v) => any.test(v));
    if (eyewear.length === 0) continue;
    return {
      option,
      rest: values.filter((v) => !any.test(v)),
      glasses: eyewear.filter((v) => !sun.test(v)),
      sunglasses: eyewear.filter((v) => sun.test(v)),
    };
  }
  return undefined;
}

function eyewearOptions(style: AvatarStyleId, eyewear: Eyewear): DiceBearOptions {
  const found = eyewearOf(style);
  if (!found) return {};
  const { option, rest } = found;
  if (eyewear === "none") return exclude(style, option, rest);
  // Styles without real sunglasses (adventurer's are all clear) fall back to their glasses.
  const wanted = found[eyewear].length ? found[eyewear] : [...found.glasses, ...found.sunglasses];
  // Some styles tint lenses with the frame colour; random pastels read as clear glasses.
  const dark = eyewear === "sunglasses" && has(style, `${option}Color`);
  return { ...pick(style, option, wanted), ...(dark && { [`${option}Color`]: ["262e33"] }) };
}

function beardOptions(style: AvatarStyleId, beard: boolean): DiceBearOptions {
  for (const option of ["facialHair", "beard"]) {
    const values = schemaEnum(style, option);
    if (values.length === 0) continue;
    const beards = values.filter((v) => /beard|full|goatee|chin|scruff/i.test(v));
    return beard
      ? pick(style, option, beards.length ? beards : values)
      : exclude(style, option, []);
  }
  // Adventurer has no beards, only a moustache among its optional "features".
  const features = schemaEnum(style, "features");
  if (!features.includes("mustache")) return {};
  const rest = features.filter((f) => f !== "mustache");
  return beard ? pick(style, "features", ["mustache"]) : exclude(style, "features", rest);
}

function backgroundOptions(
  style: AvatarStyleId,
  background: BackgroundColor | undefined,
  seed: string,
): DiceBearOptions {
  if (background) return { backgroundColor: [BACKGROUND_HEX[background]] };
  // Fun-emoji's "background" is the emoji's face; its own palette of emoji colours suits it best.
  if (style === "fun-emoji") return {};
  const index = fnv1a(`${style}:${seed}`) % DEFAULT_BACKGROUNDS.length;
  return { backgroundColor: [DEFAULT_BACKGROUNDS[index] ?? "b6e3f4"] };
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
