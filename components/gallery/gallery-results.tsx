"use client";

import { usePathname } from "next/navigation";
import { useCallback, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import type { GalleryAvatar, GalleryPage } from "@/lib/gallery/types";
import { AvatarCard } from "./avatar-card";
import { AvatarDialog } from "./avatar-dialog";
import { GalleryEmpty } from "./gallery-empty";
import { AVATAR_PATH, avatarHref, type GalleryFilters } from "./gallery-url";
import { GALLERY_GRID_CLASS, GALLERY_MAX_COLUMNS } from "./grid-layout";
import { LoadMoreSentinel } from "./load-more-sentinel";
import { useGalleryFeed } from "./use-gallery-feed";

interface GalleryResultsProps {
  initialPage: GalleryPage;
  filters: GalleryFilters;
  pageSize: number;
  onFilter: (filters: GalleryFilters) => void;
}

/** Closes the dialog by undoing the history entry that opened it, so Back and ✕ agree. */
function closeDialog() {
  if (AVATAR_PATH.test(window.location.pathname)) window.history.back();
}

export function GalleryResults({ initialPage, filters, pageSize, onFilter }: GalleryResultsProps) {
  const { items, hasMore, status, error, loadMore } = useGalleryFeed(
    initialPage,
    filters,
    pageSize,
  );
  // Opening a card pushes /gallery/<id> without a navigation; Next reflects it in usePathname,
  // so the dialog follows the URL and Back closes it.
  const pathname = usePathname();
  const openId = Number(AVATAR_PATH.exec(pathname)?.[1] ?? NaN);
  const open = items.find((a) => a.id === openId);
  const orphanDetail = Number.isInteger(openId) && !open;

  useEffect(() => {
    // Forward/Back can land on a detail URL whose avatar is not in this list (other filters):
    // load it as the standalone page rather than showing nothing.
    if (orphanDetail) window.location.reload();
  }, [orphanDetail]);

  const openAvatar = useCallback((avatar: GalleryAvatar) => {
    window.history.pushState(null, "", avatarHref(avatar.id));
  }, []);
  const load = useCallback(() => void loadMore(), [loadMore]);

  if (items.length === 0 && !hasMore) {
    return <GalleryEmpty filters={filters} onClear={() => onFilter({ q: "" })} />;
  }

  return (
    <>
      <ul data-testid="gallery-grid" aria-label="Avatars" className={GALLERY_GRID_CLASS}>
        {items.map((avatar, index) => (
          <li key={avatar.id}>
            <AvatarCard avatar={avatar} eager={index < GALLERY_MAX_COLUMNS} onOpen={openAvatar} />
          </li>
        ))}
      </ul>

      {hasMore && <LoadMoreSentinel onVisible={load} paused={status !== "idle"} />}

      <div className="mt-8 flex min-h-10 justify-center" aria-live="polite">
        {status === "loading" && (
          <p className="flex items-center gap-2 text-sm text-muted">
            <Spinner className="text-accent" /> Loading more avatars…
          </p>
        )}
        {status === "error" && (
          <div
            data-testid="gallery-error"
            role="alert"
            className="flex flex-col items-center gap-3 rounded-2xl bg-danger-soft px-5 py-4 text-center text-sm sm:flex-row"
          >
            <p className="text-danger">Couldn’t load more avatars. {error}</p>
            <Button variant="secondary" size="sm" onClick={load}>
              Retry
            </Button>
          </div>
        )}
        {status === "idle" && !hasMore && (
          <p className="text-sm text-muted">
            That’s all {items.length} {items.length === 1 ? "avatar" : "avatars"}.
          </p>
        )}
      </div>

      {open && (
        <AvatarDialog key={open.id} avatar={open} onClose={closeDialog} onFilter={onFilter} />
      )}
    </>
  );
}
