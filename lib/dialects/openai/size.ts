import { DEFAULT_SIZE, MAX_SIZE, MIN_SIZE } from "@/lib/generations/input-schema";

export interface ImageSize {
  width: number;
  height: number;
}

/** OpenAI's `auto` lets the server choose: ours is the native API's default, square. */
export const AUTO_SIZE: ImageSize = { width: DEFAULT_SIZE, height: DEFAULT_SIZE };

/**
 * OpenAI's `size` (`WIDTHxHEIGHT`, or `auto`) within our bounds: each side 64 to 2048 px and a
 * multiple of 8. Returns the reason when it is not one we make.
 */
export function parseSize(value: string): ImageSize | { error: string } {
  const text = value.trim().toLowerCase();
  if (text === "auto") return AUTO_SIZE;
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(text);
  if (!match) {
    return { error: `must be WIDTHxHEIGHT in pixels (for example 1024x1024) or auto` };
  }
  const [width, height] = [Number(match[1]), Number(match[2])];
  for (const side of [width, height]) {
    if (side < MIN_SIZE || side > MAX_SIZE || side % 8 !== 0) {
      return {
        error: `each side must be a multiple of 8 from ${MIN_SIZE} to ${MAX_SIZE} px; ${value} is not`,
      };
    }
  }
  return { width, height };
}

export function formatSize(size: ImageSize): string {
  return `${size.width}x${size.height}`;
}
