import { Button } from "@/components/ui/button";
import { getAvatarStyle } from "@/lib/catalog/styles";
import type { GalleryFilters } from "./gallery-url";

interface GalleryEmptyProps {
  filters: GalleryFilters;
  onClear: () => void;
}

function emptyMessage({ style, q }: GalleryFilters): string {
  const styleLabel = style ? getAvatarStyle(style).label : undefined;
  if (q && styleLabel) return `No ${styleLabel} avatars match “${q}”`;
  if (q) return `No avatars match “${q}”`;
  if (styleLabel) return `No ${styleLabel} avatars yet`;
  return "The gallery is empty";
}

export function GalleryEmpty({ filters, onClear }: GalleryEmptyProps) {
  const filtered = Boolean(filters.style || filters.q);
  return (
    <div
      data-testid="gallery-empty"
      className="flex flex-col items-center gap-4 rounded-3xl border border-dashed border-border px-6 py-16 text-center"
    >
      <span
        aria-hidden
        className="grid size-12 place-items-center rounded-full bg-accent-soft text-accent"
      >
        <svg
          viewBox="0 0 20 20"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          className="size-5"
        >
          <circle cx="9" cy="9" r="6" />
          <path d="m14 14 4 4M7 9h4" strokeLinecap="round" />
        </svg>
      </span>
      <div className="space-y-1">
        <p className="text-lg font-semibold">{emptyMessage(filters)}</p>
        <p className="text-sm text-muted">
          {filtered
            ? "Try another word, or look through every style."
            : "Avatars appear here once the gallery has been seeded."}
        </p>
      </div>
      {filtered && (
        <Button variant="secondary" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </div>
  );
}
