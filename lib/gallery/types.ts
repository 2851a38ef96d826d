import type { AvatarStyleId } from "@/lib/catalog/styles";

import type { VariantSize } from "@/lib/catalog/image-sizes";
export type DownloadFormat = "webp" | "png";

/** One gallery avatar as the JSON API and the UI see it (snake_case, like the rest of the API). */
export interface GalleryAvatar {
  id: number;
  style: AvatarStyleId;
  prompt: string;
  tags: string[];
  seed: number;
  /** Size of the PNG original, in pixels. */
  width: number;
  height: number;
  /** A ~16 px WebP as a data: URL, shown blurred while the real image loads. */
  blur_data_url: string;
  /** Public URLs of the stored objects (absolute in API responses, may be root-relative inside the app). */
  images: { webp: Record<`${VariantSize}`, string>; png: string };
  created_at: string;
}

export interface GalleryPage {
  data: GalleryAvatar[];
  /** Opaque keyset cursor for the next page, or null on the last page. */
  next_cursor: string | null;
}

/** Where to download one avatar at one size and format (served with Content-Disposition: attachment). */
export function downloadPath(id: number, size: VariantSize, format: DownloadFormat): string {
  return `/api/v1/gallery/${id}/download?size=${size}&format=${format}`;
}
