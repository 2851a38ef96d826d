"use client";

import type { MouseEvent } from "react";
import type { GalleryAvatar } from "@/lib/gallery/types";
import { getAvatarStyle } from "@/lib/catalog/styles";
import { AvatarImage } from "./avatar-image";
import { avatarHref } from "./gallery-url";
import { GALLERY_IMAGE_SIZES } from "./grid-layout";

interface AvatarCardProps {
  avatar: GalleryAvatar;
  eager: boolean;
  /** Opens the in-page dialog; without it (or with a modifier key) the link navigates normally. */
  onOpen?: (avatar: GalleryAvatar) => void;
  /** The image's rendered width per breakpoint, for a card outside the gallery grid. */
  sizes?: string;
}

const CARD_VARIANTS = [128, 256, 512] as const;

function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export function AvatarCard({
  avatar,
  eager,
  onOpen,
  sizes = GALLERY_IMAGE_SIZES,
}: AvatarCardProps) {
  const style = getAvatarStyle(avatar.style);
  return (
    <a
      href={avatarHref(avatar.id)}
      data-testid="avatar-card"
      data-id={avatar.id}
      data-style={avatar.style}
      onClick={(event) => {
        // Cmd/Ctrl-click and middle-click keep opening the full page in a new tab.
        if (!onOpen || !isPlainClick(event)) return;
        event.preventDefault();
        onOpen(avatar);
      }}
      className="group relative block overflow-hidden rounded-2xl border border-border bg-surface shadow-xs transition hover:-translate-y-0.5 hover:shadow-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
    >
      <AvatarImage
        avatar={avatar}
        alt={avatar.prompt}
        variants={CARD_VARIANTS}
        sizes={sizes}
        eager={eager}
      />
      <span className="pointer-events-none absolute inset-x-2 bottom-2 truncate rounded-full bg-black/55 px-2 py-0.5 text-center text-xs font-medium text-white opacity-0 backdrop-blur-sm transition-opacity group-hover:opacity-100 group-focus-visible:opacity-100">
        {style.label}
      </span>
    </a>
  );
}
