import sharp from "sharp";
import { renderSvg } from "./dicebear";
import { isAvatarStyleId, type AvatarStyleId } from "@/lib/catalog/styles";
import { traitOptions } from "./trait-options";
import { promptTraits } from "./traits";

export const MIN_RENDER_SIZE = 64;
export const MAX_RENDER_SIZE = 2048;

export interface RenderInput {
  prompt: string;
  style: AvatarStyleId;
  /** Any safe integer; with the style it forms the DiceBear seed, so the same pair gives the same face. */
  seed: number;
  /** Width and height of the PNG, in pixels. */
  size: number;
}

/**
 * Renders one avatar as an opaque size×size PNG. Deterministic: the same input gives the same bytes
 * (for a given sharp/libvips build), which makes content-addressed storage keys stable.
 */
export async function renderAvatar(input: RenderInput): Promise<Buffer> {
  const { prompt, style, seed, size } = validate(input);
  const diceBearSeed = `${style}:${seed}`;
  const svg = renderSvg(style, {
    ...traitOptions(style, promptTraits(prompt), diceBearSeed),
    seed: diceBearSeed,
    // The SVG's own width/height sets the raster size, so librsvg draws once at the final size.
    size,
    // With radius 0 the viewbox mask clips nothing, but librsvg still paints a full-size mask
    // layer for it; dropping it roughly halves render time for most styles.
    clip: false,
  });
  return (
    sharp(Buffer.from(svg))
      // A no-op unless a style's SVG ever declares a non-square viewBox; the contract is size×size.
      .resize(size, size, { fit: "fill" })
      // Every avatar has an opaque background, so the alpha channel would only cost bytes and time.
      .removeAlpha()
      .png({ compressionLevel: 3 })
      .toBuffer()
  );
}

function validate(input: RenderInput): RenderInput {
  if (typeof input.prompt !== "string") throw new Error("renderAvatar: prompt must be a string");
  if (!isAvatarStyleId(input.style)) {
    throw new Error(`renderAvatar: unknown style ${JSON.stringify(input.style)}`);
  }
  if (!Number.isSafeInteger(input.seed)) {
    throw new Error(`renderAvatar: seed must be a safe integer, got ${input.seed}`);
  }
  const { size } = input;
  if (!Number.isInteger(size) || size < MIN_RENDER_SIZE || size > MAX_RENDER_SIZE) {
    throw new Error(
      `renderAvatar: size must be an integer from ${MIN_RENDER_SIZE} to ${MAX_RENDER_SIZE}, got ${size}`,
    );
  }
  return input;
}
