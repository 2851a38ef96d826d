import type { AvatarStyleId } from "@/lib/catalog/styles";
import type { BackgroundColor, HairColor, Mood, SkinTone } from "./traits";

/**
 * The data behind trait-options.ts: our colour palette, and what each DiceBear style calls the
 * parts a prompt can steer. Regexes match option values by name across styles; the numbered tables
 * cover styles whose values are just "variant01…".
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
export const SKIN_HEX: Record<SkinTone, string> = {
  light: "f2d3b1",
  medium: "d08b5b",
  dark: "7a4627",
};
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
export const NUMBERED_MOUTHS: Partial<
  Record<AvatarStyleId, { option: string } & Record<Mood, number[]>>
> = {
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
/** Numbered `glasses` variants with dark lenses, sorted by eye the same way; the rest are clear. */
export const NUMBERED_SUNGLASSES: Partial<Record<AvatarStyleId, number[]>> = {
  adventurer: [1],
  lorelei: [2],
  notionists: [1, 2, 4, 5, 6, 7, 9, 10],
};
export const variantNumber = (value: string) => Number(value.replace(/\D/g, ""));
export const SMILE = /smil|happy|laugh|grin|twinkle|kawaii|cute/i;
export const SERIOUS = /sad|serious|frown|concerned|unimpressed|solemn|plain|blank/i;
export const HAPPY_EYES = /^happy$|^smiling|^cheery$/;
/** Named "smile" but not a happy face. */
export const NOT_A_SMILE = /awkward/i;
export const BEARDS = /beard|full|goatee|chin|scruff/i;

/** Every option that takes the hair colour: open-peeps' hair is `headContrastColor`. */
export const HAIR_OPTIONS = ["hairColor", "headContrastColor", "facialHairColor"];

/** Hats, hijabs, bald heads and micah's few stray hairs would hide the hair colour asked for. */
export const HIDES_HAIR = /hat|hijab|turban|^cap$|beanie|bald|shaved|nohair|mrclean|dougfunny/i;
/** Open Peeps draws most hair in black ink; only these heads take `headContrastColor`. */
export const OPEN_PEEPS_COLORED_HEADS =
  "bangs cornrows grayBun grayMedium grayShort mediumBangs2 mohawk mohawk2 short4".split(" ");

/** Where styles draw eyewear, first match wins: which values are eyewear, and which are dark. */
export const EYEWEAR_OPTIONS: Array<{ option: string; any: RegExp; sun: RegExp }> = [
  { option: "glasses", any: /./, sun: /^dark/ },
  {
    option: "accessories",
    any: /glasses|prescription|wayfarers|^round$|kurt/i,
    sun: /sunglasses|kurt|wayfarers/i,
  },
  { option: "eyes", any: /glasses|shades/i, sun: /sunglasses|shades/i },
];
