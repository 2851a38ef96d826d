/**
 * Cloud FLUX models know nothing of our DiceBear style ids, so the style travels inside the prompt as
 * guidance. One format, defined here, so the provider simulator can read the style back out and draw
 * the same avatar the local generator would.
 */
const SUFFIX = " style avatar, centered portrait";

export function styledPrompt(prompt: string, style: string): string {
  return `${prompt.trim()}, ${style}${SUFFIX}`;
}

/** Inverse of styledPrompt; undefined for prompts that did not come from it. */
export function parseStyledPrompt(text: string): { prompt: string; style: string } | undefined {
  if (!text.endsWith(SUFFIX)) return undefined;
  const head = text.slice(0, -SUFFIX.length);
  const comma = head.lastIndexOf(", ");
  if (comma < 0) return undefined;
  const style = head.slice(comma + 2);
  return /^[a-z0-9-]+$/.test(style) ? { prompt: head.slice(0, comma), style } : undefined;
}
