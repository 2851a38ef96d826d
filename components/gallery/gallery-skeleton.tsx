import { GALLERY_GRID_CLASS } from "./grid-layout";

/** Placeholder with the real grid's columns, so the page does not jump when the avatars arrive. */
export function GallerySkeleton({ count = 18 }: { count?: number }) {
  return (
    <div aria-busy="true" aria-label="Loading avatars" className="space-y-6">
      <div className="flex flex-col gap-3">
        <div className="h-11 w-full animate-pulse rounded-full bg-surface-2 sm:max-w-sm" />
        <div className="flex gap-2 overflow-hidden">
          {Array.from({ length: 9 }, (_, i) => (
            <div key={i} className="h-8 w-20 shrink-0 animate-pulse rounded-full bg-surface-2" />
          ))}
        </div>
      </div>
      <ul className={GALLERY_GRID_CLASS}>
        {Array.from({ length: count }, (_, i) => (
          <li key={i} className="aspect-square animate-pulse rounded-2xl bg-surface-2" />
        ))}
      </ul>
    </div>
  );
}
