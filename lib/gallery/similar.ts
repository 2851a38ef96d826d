import { query } from "@/lib/db";
import { GALLERY_COLUMNS, type GalleryRow, toAvatar } from "./queries";
import { fetchSimilarRows, type SimilarFilter } from "./similar-query";
import type { GalleryAvatar } from "./types";

/**
 * Gallery avatars like a prompt, best first (same style first, then shared words and letters), or
 * none when nothing is really alike. The one similarity lookup: the suggestions while typing on
 * /generate, the offers when a generation fails or the quota is spent, and the API.
 */
export async function similarAvatars(q: SimilarFilter): Promise<GalleryAvatar[]> {
  const rows = await fetchSimilarRows<GalleryRow>(query, GALLERY_COLUMNS, q);
  return rows.map(toAvatar);
}
