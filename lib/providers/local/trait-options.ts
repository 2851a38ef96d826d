import { schemaEnum, schemaProperty, type DiceBearOptions } from "./dicebear";
import type { AvatarStyleId } from "@/lib/catalog/styles";
import {
  BACKGROUND_HEX,
  BEARDS,
  DEFAULT_BACKGROUNDS,
  EYEWEAR_OPTIONS,
  HAIR_HEX,
  HAIR_OPTIONS,
  HAPPY_EYES,
  HIDES_HAIR,
  NOT_A_SMILE,
  NUMBERED_MOUTHS,
  NUMBERED_SUNGLASSES,
  OPEN_PEEPS_COLORED_HEADS,
  SERIOUS,
  SKIN_HEX,
  SMILE,
  variantNumber,
} from "./trait-vocabulary";
import type { BackgroundColor, Eyewear, Mood, PromptTraits } from "./traits";

/**
 * Turns prompt traits into DiceBear options, but only options the style's own JSON schema declares:
 * each style names its parts differently (micah's skin is `baseColor`, open-peeps' hair colour is
 * `headContrastColor`, personas draws glasses as `eyes`), and unknown options are silently ignored.
 */
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

// Micah calls its skin colour `baseColor`; bottts' `baseColor` is the robot's paint, not skin.
const skinOptions = (style: AvatarStyleId) => [style === "micah" ? "baseColor" : "skinColor"];

function has(style: AvatarStyleId, option: string): boolean {
  return schemaProperty(style, option) !== undefined;
}

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
      schemaEnum(style, numbered.option).find((v) => variantNumber(v) === n),
    );
    const found = values.filter((v): v is string => v !== undefined);
    return found.length ? { [numbered.option]: found } : {};
  }
  const matches = (v: string) =>
    mood === "smiling" ? SMILE.test(v) && !NOT_A_SMILE.test(v) : SERIOUS.test(v);
  const options: DiceBearOptions = {};
  for (const option of ["mouth", "face"]) {
    const values = schemaEnum(style, option).filter(matches);
    if (values.length) options[option] = values;
  }
  const happyEyes = schemaEnum(style, "eyes").filter((v) => HAPPY_EYES.test(v));
  if (mood === "smiling" && happyEyes.length) options.eyes = happyEyes;
  return options;
}

/** The option a style draws eyewear with, split into clear glasses and sunglasses. */
function eyewearOf(style: AvatarStyleId) {
  for (const { option, any, sun } of EYEWEAR_OPTIONS) {
    const values = schemaEnum(style, option);
    const eyewear = values.filter((v) => any.test(v));
    if (eyewear.length === 0) continue;
    const numbered = option === "glasses" ? NUMBERED_SUNGLASSES[style] : undefined;
    const isSun = (v: string) => (numbered ? numbered.includes(variantNumber(v)) : sun.test(v));
    return {
      option,
      rest: values.filter((v) => !any.test(v)),
      glasses: eyewear.filter((v) => !isSun(v)),
      sunglasses: eyewear.filter(isSun),
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
    const beards = values.filter((v) => BEARDS.test(v));
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
