/**
 * The gallery grid's columns, shared by the grid, its skeleton and the `sizes` attribute of every
 * card image. They must change together: `sizes` tells the browser which srcset variant fits a
 * column, and a skeleton with other columns would shift the page when the real grid replaces it.
 *
 * Plain module (no "use client") so server components such as loading.tsx read the real values.
 */
export const GALLERY_GRID_CLASS =
  "grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 md:grid-cols-4 lg:grid-cols-6";

/** Column width per breakpoint; the container is capped at 80rem (max-w-7xl). */
export const GALLERY_IMAGE_SIZES =
  "(min-width: 1280px) 200px, (min-width: 1024px) 16vw, (min-width: 768px) 25vw, (min-width: 640px) 33vw, 50vw";

/** Cards in the widest row: the ones above the fold load eagerly, the rest lazily. */
export const GALLERY_MAX_COLUMNS = 6;

/** Divisible by 2, 3, 4 and 6, so each page ends on a full row at every breakpoint. */
export const GALLERY_PAGE_SIZE = 48;
