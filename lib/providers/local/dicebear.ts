import { createAvatar, type Options, type Style, type StyleSchema } from "@dicebear/core";
import {
  adventurer,
  avataaars,
  bigSmile,
  bottts,
  funEmoji,
  lorelei,
  micah,
  notionists,
  openPeeps,
  personas,
  pixelArt,
  thumbs,
} from "@dicebear/collection";
import type { AvatarStyleId } from "@/lib/catalog/styles";

/**
 * The only module that knows DiceBear's shapes. Each style package types its own options; we erase
 * that to `object` because render.ts decides which options to pass by reading the style's JSON
 * schema at runtime, not from the compile-time types.
 */
export type DiceBearStyle = Style<object>;

/**
 * Core options, typed, plus style-specific ones (enum-value or hex-colour arrays, probabilities),
 * which only the style's schema can describe.
 */
export type DiceBearOptions = Options & { [option: string]: unknown };

const DICEBEAR_STYLES: Record<AvatarStyleId, DiceBearStyle> = {
  adventurer,
  avataaars,
  "big-smile": bigSmile,
  bottts,
  "fun-emoji": funEmoji,
  lorelei,
  micah,
  notionists,
  "open-peeps": openPeeps,
  personas,
  "pixel-art": pixelArt,
  thumbs,
};

export function getDiceBearStyle(id: AvatarStyleId): DiceBearStyle {
  return DICEBEAR_STYLES[id];
}

export type SchemaProperty = Exclude<NonNullable<StyleSchema["properties"]>[string], boolean>;

/** The style's own schema entry for an option, or undefined when the style has no such option. */
export function schemaProperty(id: AvatarStyleId, name: string): SchemaProperty | undefined {
  const prop = DICEBEAR_STYLES[id].schema?.properties?.[name];
  return typeof prop === "object" ? prop : undefined;
}

/** Allowed values of an enum-array option (e.g. `mouth`), or [] when the option is absent or free-form. */
export function schemaEnum(id: AvatarStyleId, name: string): string[] {
  const items = schemaProperty(id, name)?.items;
  if (typeof items !== "object" || Array.isArray(items) || !Array.isArray(items.enum)) return [];
  return items.enum.filter((v): v is string => typeof v === "string");
}

export function renderSvg(id: AvatarStyleId, options: DiceBearOptions): string {
  return createAvatar(DICEBEAR_STYLES[id], options).toString();
}
