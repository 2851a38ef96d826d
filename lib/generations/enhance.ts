import type { AvatarStyleId } from "@/lib/catalog/styles";

/**
 * Prompt templates per avatar style, for `enhance=true` (the Pollinations dialect; any dialect may
 * use them). Pollinations asks an LLM to expand the prompt; we expand it with a fixed template per
 * style instead, so the same URL always expands the same way and stays one cache entry. The
 * expanded prompt is what gets generated, so it is part of the cache key through the prompt.
 */
const TEMPLATES: Record<AvatarStyleId, string> = {
  adventurer:
    "{prompt}, adventurer avatar, hand-drawn cartoon portrait, bold outlines, warm colors",
  avataaars: "{prompt}, flat vector avatar, friendly face, simple shapes, bright solid background",
  "big-smile": "{prompt}, big-smile avatar, cheerful cartoon face, soft pastel colors",
  bottts: "{prompt}, robot avatar, cute mechanical character, antennas and bolts, vivid colors",
  "fun-emoji": "{prompt}, fun emoji avatar, round expressive face, glossy flat colors",
  lorelei: "{prompt}, lorelei avatar, minimalist line-art portrait, elegant, monochrome accents",
  micah: "{prompt}, micah avatar, editorial illustration portrait, clean shapes, muted palette",
  notionists: "{prompt}, notionists avatar, black-and-white sketch portrait, playful doodle style",
  "open-peeps": "{prompt}, open peeps avatar, hand-drawn character bust, loose ink strokes",
  personas: "{prompt}, personas avatar, geometric flat portrait, soft shadows, modern palette",
  "pixel-art": "{prompt}, pixel-art avatar, 16-bit sprite portrait, crisp square pixels",
  thumbs: "{prompt}, thumbs avatar, playful abstract face shape, bold flat colors",
};

/** The prompt expanded with the style's template (whitespace trimmed first). */
export function enhancePrompt(prompt: string, style: AvatarStyleId): string {
  return TEMPLATES[style].replace("{prompt}", prompt.trim());
}
