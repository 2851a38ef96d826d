import type { Metadata } from "next";
import { GalleryBrowser } from "@/components/gallery/gallery-browser";
import { GalleryHeader } from "@/components/gallery/gallery-header";
import { parseGalleryFilters } from "@/components/gallery/gallery-url";
import { GALLERY_PAGE_SIZE } from "@/components/gallery/grid-layout";
import { galleryStats, listGallery } from "@/lib/gallery/queries";
import { AVATAR_STYLES, getAvatarStyle } from "@/lib/catalog/styles";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({
  searchParams,
}: {
  searchParams: SearchParams;
}): Promise<Metadata> {
  const { style, q } = parseGalleryFilters(await searchParams);
  const label = style ? `${getAvatarStyle(style).label} avatars` : "Avatar gallery";
  return {
    title: q ? `${label} matching “${q}”` : label,
    description: "Browse, search and download ready-made avatars in a dozen illustration styles.",
  };
}

export default async function GalleryPage({ searchParams }: { searchParams: SearchParams }) {
  const filters = parseGalleryFilters(await searchParams);
  // Both read the same database; if it is down, gallery/error.tsx explains and offers a retry.
  const [firstPage, stats] = await Promise.all([
    listGallery({ style: filters.style, q: filters.q || undefined, limit: GALLERY_PAGE_SIZE }),
    galleryStats(),
  ]);

  return (
    <div className="mx-auto max-w-7xl space-y-6 px-4 py-8 sm:px-6 sm:py-10">
      <GalleryHeader
        summary={`${stats.total.toLocaleString("en-US")} avatars in ${AVATAR_STYLES.length} styles. Open any avatar for its details and downloads.`}
      />
      <GalleryBrowser initialPage={firstPage} filters={filters} pageSize={GALLERY_PAGE_SIZE} />
    </div>
  );
}
