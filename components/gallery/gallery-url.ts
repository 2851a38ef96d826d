import { isAvatarStyleId, type AvatarStyleId } from "@/lib/catalog/styles";

export interface GalleryFilters {
  style?: AvatarStyleId;
  q: string;
}

/** The canonical gallery URL for a set of filters; empty filters are left out so /gallery stays clean. */
export function galleryHref({ style, q }: GalleryFilters): string {
  const params = new URLSearchParams();
  if (style) params.set("style", style);
  if (q) params.set("q", q);
  const query = params.toString();
  return query ? `/gallery?${query}` : "/gallery";
}

/** Path of the shareable detail view; the gallery pushes it when it opens the dialog. */
export function avatarHref(id: number): string {
  return `/gallery/${id}`;
}

/** Matches the detail path pushed by the dialog, so the gallery can tell an open dialog from the URL. */
export const AVATAR_PATH = /^\/gallery\/(\d+)\/?$/;

/** Longest search the UI sends; longer input is cut rather than rejected. */
export const MAX_QUERY_LENGTH = 100;

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Filters from the page's search params. A hand-edited URL with an unknown style or a huge query
 * shows the whole gallery (or a trimmed search) instead of an error page.
 */
export function parseGalleryFilters(searchParams: SearchParams): GalleryFilters {
  const style = first(searchParams.style);
  const q = (first(searchParams.q) ?? "").trim().slice(0, MAX_QUERY_LENGTH);
  return { style: style && isAvatarStyleId(style) ? style : undefined, q };
}
