"use client";

import { useEffect, useRef } from "react";
import type { GalleryAvatar } from "@/lib/gallery/types";
import { AvatarDetail } from "./avatar-detail";
import type { GalleryFilters } from "./gallery-url";

interface AvatarDialogProps {
  avatar: GalleryAvatar;
  /** Called once the dialog has closed itself (Escape, close button, backdrop click). */
  onClose: () => void;
  /** Tag and style links filter the gallery in place; without it (outside the gallery) they navigate. */
  onFilter?: (filters: GalleryFilters) => void;
}

/**
 * The detail view over the gallery (or over the avatars offered on /generate). A native modal <dialog> gives the focus trap, Escape and the
 * inert page for free. It is open for as long as it is mounted; the owner mounts it from the URL.
 */
export function AvatarDialog({ avatar, onClose, onFilter }: AvatarDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = `avatar-dialog-title-${avatar.id}`;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // The card that opened the dialog gets focus back, also when "back" unmounts the dialog.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // No dialog.close() here: its "close" event would run onClose and step history back again
    // (StrictMode's effect replay would close the dialog it just opened). Unmounting removes the
    // dialog from the top layer anyway.
    return () => opener?.focus({ preventScroll: true });
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(event) => {
        // A click on the dialog element itself (not its content) is a click on the backdrop.
        if (event.target === event.currentTarget) event.currentTarget.close();
      }}
      className="m-auto max-h-[calc(100dvh-1.5rem)] w-[calc(100vw-1.5rem)] max-w-4xl overflow-y-auto overscroll-contain rounded-3xl border border-border bg-surface p-0 text-foreground shadow-2xl backdrop:bg-black/60 backdrop:backdrop-blur-sm"
    >
      <div className="relative p-4 sm:p-6">
        <button
          type="button"
          aria-label="Close"
          onClick={() => ref.current?.close()}
          className="absolute top-3 right-3 z-10 grid size-9 place-items-center rounded-full bg-surface/90 text-muted shadow-sm ring-1 ring-border backdrop-blur transition-colors hover:text-foreground focus-visible:outline-2 focus-visible:outline-accent"
        >
          <svg
            aria-hidden
            viewBox="0 0 16 16"
            className="size-4"
            stroke="currentColor"
            strokeWidth="2"
          >
            <path d="m4 4 8 8M12 4l-8 8" strokeLinecap="round" />
          </svg>
        </button>
        <AvatarDetail avatar={avatar} titleId={titleId} titleAs="h2" onFilter={onFilter} />
      </div>
    </dialog>
  );
}
