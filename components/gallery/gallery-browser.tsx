"use client";

import { useRouter } from "next/navigation";
import { useOptimistic, useState, useTransition } from "react";
import type { GalleryPage } from "@/lib/gallery/types";
import type { AvatarStyleId } from "@/lib/catalog/styles";
import { GalleryResults } from "./gallery-results";
import { galleryHref, type GalleryFilters } from "./gallery-url";
import { SearchBox } from "./search-box";
import { StyleFilter } from "./style-filter";

interface GalleryBrowserProps {
  /** First page for `filters`, rendered on the server for a fast first paint. */
  initialPage: GalleryPage;
  filters: GalleryFilters;
  pageSize: number;
}

/**
 * The URL is the source of truth for the filters. Changing one replaces the URL; the server page
 * re-renders with the new first page, and the results remount (keyed by the filters) from it.
 * The transition keeps the current grid on screen, dimmed, until the new page arrives.
 */
export function GalleryBrowser({ initialPage, filters, pageSize }: GalleryBrowserProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  // Chips and follow-up changes see the filters just chosen, not the ones still in the URL.
  const [current, setCurrent] = useOptimistic(filters);
  // Bumped when the query changes from outside the box (tag, clear), to reset the box's draft.
  const [searchEpoch, setSearchEpoch] = useState(0);

  function navigate(next: GalleryFilters) {
    startTransition(() => {
      setCurrent(next);
      router.replace(galleryHref(next), { scroll: false });
    });
  }

  function applyFilter(next: GalleryFilters) {
    if (next.q !== current.q) setSearchEpoch((n) => n + 1);
    navigate(next);
    window.scrollTo({ top: 0, behavior: "smooth" });
  }

  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-3">
        <SearchBox
          key={searchEpoch}
          defaultValue={current.q}
          pending={pending}
          onSearch={(q) => {
            if (q !== current.q) navigate({ ...current, q });
          }}
        />
        <StyleFilter
          selected={current.style}
          onSelect={(style: AvatarStyleId | undefined) => navigate({ ...current, style })}
        />
      </div>

      <div
        aria-busy={pending}
        className={`transition-opacity duration-200 ${pending ? "opacity-60" : "opacity-100"}`}
      >
        <GalleryResults
          key={`${filters.style ?? ""}|${filters.q}`}
          initialPage={initialPage}
          filters={filters}
          pageSize={pageSize}
          onFilter={applyFilter}
        />
      </div>
    </div>
  );
}
