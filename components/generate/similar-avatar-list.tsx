"use client";

import { usePathname } from "next/navigation";
import { useState } from "react";
import { AvatarCard } from "@/components/gallery/avatar-card";
import { AvatarDialog } from "@/components/gallery/avatar-dialog";
import { AVATAR_PATH, avatarHref } from "@/components/gallery/gallery-url";
import type { GalleryAvatar } from "@/lib/gallery/types";

/** Three to a row on phones, six on wider screens: one row of six beside the desktop form. */
export const OFFER_GRID_CLASS = "grid grid-cols-3 gap-2 sm:grid-cols-6";
const OFFER_IMAGE_SIZES = "(min-width: 640px) 96px, 33vw";

/** Closes the dialog by undoing the history entry that opened it, so Back and ✕ agree. */
function closeDialog() {
  if (AVATAR_PATH.test(window.location.pathname)) window.history.back();
}

/**
 * Gallery avatars offered on /generate. A click opens the gallery's own detail dialog (sizes,
 * formats, licence) over the page instead of leaving it, so the prompt and settings stay as they
 * were; like the gallery, it pushes the avatar's URL, so Back closes it and the URL can be shared.
 */
export function SimilarAvatarList({ avatars, label }: { avatars: GalleryAvatar[]; label: string }) {
  const pathname = usePathname();
  const [opened, setOpened] = useState<GalleryAvatar | null>(null);
  const openId = Number(AVATAR_PATH.exec(pathname)?.[1] ?? NaN);

  function open(avatar: GalleryAvatar) {
    setOpened(avatar);
    window.history.pushState(null, "", avatarHref(avatar.id));
  }

  return (
    <>
      <ul aria-label={label} className={OFFER_GRID_CLASS}>
        {avatars.map((avatar) => (
          <li key={avatar.id}>
            {/* Six small images, shown because they answer what was just typed: no lazy loading. */}
            <AvatarCard avatar={avatar} eager onOpen={open} sizes={OFFER_IMAGE_SIZES} />
          </li>
        ))}
      </ul>
      {opened?.id === openId && (
        <AvatarDialog key={opened.id} avatar={opened} onClose={closeDialog} />
      )}
    </>
  );
}
