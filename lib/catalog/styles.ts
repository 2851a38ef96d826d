/**
 * The avatar styles Likeness offers. Each is a DiceBear style whose artwork has its own licence;
 * the licence and attribution travel with the style so every page that shows an avatar can credit it.
 *
 * Plain data on purpose: client components import it, and pulling @dicebear/collection into the
 * browser bundle for a list of names would cost ~1 MB. styles.test.ts keeps it equal to DiceBear's meta.
 */
export interface AvatarStyle {
  id: string;
  label: string;
  creator: string;
  source: string;
  license: { name: string; url: string };
}

const CC_BY = { name: "CC BY 4.0", url: "https://creativecommons.org/licenses/by/4.0/" };
const CC0 = { name: "CC0 1.0", url: "https://creativecommons.org/publicdomain/zero/1.0/" };

export const AVATAR_STYLES = [
  {
    id: "adventurer",
    label: "Adventurer",
    creator: "Lisa Wischofsky",
    source: "https://www.figma.com/community/file/1184595184137881796",
    license: CC_BY,
  },
  {
    id: "avataaars",
    label: "Avataaars",
    creator: "Pablo Stanley",
    source: "https://avataaars.com/",
    license: { name: "Free for personal and commercial use", url: "https://avataaars.com/" },
  },
  {
    id: "big-smile",
    label: "Big Smile",
    creator: "Ashley Seo",
    source: "https://www.figma.com/community/file/881358461963645496",
    license: CC_BY,
  },
  {
    id: "bottts",
    label: "Bottts",
    creator: "Pablo Stanley",
    source: "https://bottts.com/",
    license: { name: "Free for personal and commercial use", url: "https://bottts.com/" },
  },
  {
    id: "fun-emoji",
    label: "Fun Emoji",
    creator: "Davis Uche",
    source: "https://www.figma.com/community/file/968125295144990435",
    license: CC_BY,
  },
  {
    id: "lorelei",
    label: "Lorelei",
    creator: "Lisa Wischofsky",
    source: "https://www.figma.com/community/file/1198749693280469639",
    license: CC0,
  },
  {
    id: "micah",
    label: "Micah",
    creator: "Micah Lanier",
    source: "https://www.figma.com/community/file/829741575478342595",
    license: CC_BY,
  },
  {
    id: "notionists",
    label: "Notionists",
    creator: "Zoish",
    source: "https://heyzoish.gumroad.com/l/notionists",
    license: CC0,
  },
  {
    id: "open-peeps",
    label: "Open Peeps",
    creator: "Pablo Stanley",
    source: "https://www.openpeeps.com/",
    license: CC0,
  },
  {
    id: "personas",
    label: "Personas",
    creator: "Draftbit - draftbit.com",
    source: "https://personas.draftbit.com/",
    license: CC_BY,
  },
  {
    id: "pixel-art",
    label: "Pixel Art",
    creator: "DiceBear",
    source: "https://www.figma.com/community/file/1198754108850888330",
    license: CC0,
  },
  {
    id: "thumbs",
    label: "Thumbs",
    creator: "DiceBear",
    source: "https://www.dicebear.com",
    license: CC0,
  },
] as const satisfies readonly AvatarStyle[];

export type AvatarStyleId = (typeof AVATAR_STYLES)[number]["id"];

export const AVATAR_STYLE_IDS = AVATAR_STYLES.map((s) => s.id) as [
  AvatarStyleId,
  ...AvatarStyleId[],
];

export function isAvatarStyleId(value: string): value is AvatarStyleId {
  return AVATAR_STYLES.some((s) => s.id === value);
}

export function getAvatarStyle(id: AvatarStyleId): AvatarStyle {
  // AVATAR_STYLE_IDS is derived from AVATAR_STYLES, so a typed id always finds its style.
  return AVATAR_STYLES.find((s) => s.id === id)!;
}
