import { GalleryHeader } from "@/components/gallery/gallery-header";
import { GallerySkeleton } from "@/components/gallery/gallery-skeleton";

// Lives in the (browse) group so it wraps only the grid page: above /gallery/[id] it would start
// streaming a 200 before the detail page can answer 404 for an unknown avatar.
export default function GalleryLoading() {
  return (
    <div className="mx-auto max-w-7xl space-y-6 px-4 py-8 sm:px-6 sm:py-10">
      <GalleryHeader summary={<span className="sr-only">Loading the gallery…</span>} />
      <GallerySkeleton />
    </div>
  );
}
