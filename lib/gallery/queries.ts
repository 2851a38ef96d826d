import { query } from "@/lib/db";
import type { PgRow } from "@/lib/db/database.types";
import { AVATAR_STYLE_IDS, type AvatarStyleId } from "@/lib/catalog/styles";
import { publicUrl } from "@/lib/storage";
import { encodeCursor } from "./cursor";
import { fetchPageRows, type GalleryFilter } from "./page-query";
import type { GalleryAvatar, GalleryPage } from "./types";
import type { VariantSize } from "@/lib/catalog/image-sizes";

/** A gallery avatar's objects: its 1024 px original always has every WebP size. */
export interface GalleryObjectKeys {
  png: string;
  webp: Record<`${VariantSize}`, string>;
}

export type GalleryRow = Omit<
  PgRow<"gallery_avatars">,
  "style" | "object_keys" | "search" | "content_sha256"
> & {
  style: AvatarStyleId;
  object_keys: GalleryObjectKeys;
};

export const GALLERY_COLUMNS =
  "id, style, prompt, tags, seed, width, height, blur_data_url, object_keys, created_at";

export function toAvatar(row: GalleryRow): GalleryAvatar {
  const webp = row.object_keys.webp;
  return {
    id: row.id,
    style: row.style,
    prompt: row.prompt,
    tags: row.tags,
    seed: row.seed,
    width: row.width,
    height: row.height,
    blur_data_url: row.blur_data_url,
    images: {
      webp: {
        "128": publicUrl(webp["128"]),
        "256": publicUrl(webp["256"]),
        "512": publicUrl(webp["512"]),
        "1024": publicUrl(webp["1024"]),
      },
      png: publicUrl(row.object_keys.png),
    },
    created_at: row.created_at.toISOString(),
  };
}

export async function listGallery(q: GalleryFilter): Promise<GalleryPage> {
  const rows = await fetchPageRows<GalleryRow>(query, GALLERY_COLUMNS, q);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    data: page.map(toAvatar),
    next_cursor: rows.length > q.limit && last ? encodeCursor(last.id) : null,
  };
}

export async function getGalleryAvatar(id: number): Promise<GalleryAvatar | null> {
  const rows = await query<GalleryRow>(
    `select ${GALLERY_COLUMNS} from public.gallery_avatars where id = $1`,
    [id],
  );
  return rows[0] ? toAvatar(rows[0]) : null;
}

export async function getGalleryObjectKeys(id: number): Promise<GalleryObjectKeys | null> {
  const rows = await query<{ object_keys: GalleryObjectKeys }>(
    "select object_keys from public.gallery_avatars where id = $1",
    [id],
  );
  return rows[0]?.object_keys ?? null;
}

let statsCache:
  { at: number; value: { total: number; byStyle: Record<string, number> } } | undefined;

/** Avatar counts per style, cached for a minute: a full count is too slow to run on every page view. */
export async function galleryStats(): Promise<{ total: number; byStyle: Record<string, number> }> {
  if (statsCache && Date.now() - statsCache.at < 60_000) return statsCache.value;
  const rows = await query<{ style: string; n: number }>(
    "select style, count(*)::int as n from public.gallery_avatars group by style",
  );
  const byStyle = Object.fromEntries(AVATAR_STYLE_IDS.map((id) => [id, 0])) as Record<
    string,
    number
  >;
  for (const r of rows) byStyle[r.style] = r.n;
  const value = { total: rows.reduce((sum, r) => sum + r.n, 0), byStyle };
  statsCache = { at: Date.now(), value };
  return value;
}
