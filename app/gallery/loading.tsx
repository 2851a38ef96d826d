import { GalleryHeader } from "@/components/gallery/gallery-header";
import { GallerySkeleton } from "@/components/gallery/gallery-skeleton";

export default function GalleryLoading() {
  return (
    <div className="mx-auto max-w-7xl space-y-6 px-4 py-8 sm:px-6 sm:py-10">
      <GalleryHeader summary={<span className="sr-only">Loading the gallery…</span>} />
      <GallerySkeleton />
    </div>
  );
}
