"use client";

import Link from "next/link";
import type { MouseEvent, ReactNode } from "react";
import type { GalleryAvatar } from "@/lib/gallery/types";
import { getAvatarStyle } from "@/lib/catalog/styles";
import { AvatarImage } from "./avatar-image";
import { DownloadPanel } from "./download-panel";
import { galleryHref, type GalleryFilters } from "./gallery-url";
import { StyleLicence } from "./style-licence";

interface AvatarDetailProps {
  avatar: GalleryAvatar;
  /** id of the title, so a dialog can point aria-labelledby at it. */
  titleId: string;
  /** The full page has the only h1; inside the gallery's dialog the title is an h2. */
  titleAs: "h1" | "h2";
  /**
   * Inside the gallery, tag and style links filter in place (replacing the dialog's history entry)
   * instead of pushing a new page. On the standalone page they are plain links.
   */
  onFilter?: (filters: GalleryFilters) => void;
}

const DETAIL_VARIANTS = [512, 1024] as const;

export function AvatarDetail({ avatar, titleId, titleAs: Title, onFilter }: AvatarDetailProps) {
  const style = getAvatarStyle(avatar.style);

  function filterLink(filters: GalleryFilters, className: string, children: ReactNode) {
    return (
      <Link
        href={galleryHref(filters)}
        className={className}
        onClick={(event: MouseEvent) => {
          if (!onFilter || event.metaKey || event.ctrlKey || event.shiftKey) return;
          event.preventDefault();
          onFilter(filters);
        }}
      >
        {children}
      </Link>
    );
  }

  return (
    <article
      data-testid="avatar-detail"
      data-id={avatar.id}
      className="grid gap-6 md:grid-cols-2 md:gap-8"
    >
      <AvatarImage
        avatar={avatar}
        alt={avatar.prompt}
        variants={DETAIL_VARIANTS}
        sizes="(min-width: 1024px) 480px, (min-width: 768px) 45vw, 100vw"
        eager
        className="rounded-2xl border border-border"
      />
      <div className="flex min-w-0 flex-col gap-5">
        <header className="space-y-2">
          <Title id={titleId} className="text-xl font-semibold tracking-tight sm:text-2xl">
            {style.label} avatar <span className="text-muted">#{avatar.id}</span>
          </Title>
          <p className="leading-relaxed text-foreground/90">{avatar.prompt}</p>
        </header>

        {avatar.tags.length > 0 && (
          <ul aria-label="Tags" className="flex flex-wrap gap-1.5">
            {avatar.tags.map((tag) => (
              <li key={tag}>
                {filterLink(
                  { q: tag },
                  "inline-flex h-7 items-center rounded-full bg-surface-2 px-3 text-xs font-medium text-foreground transition-colors hover:bg-accent-soft hover:text-accent focus-visible:outline-2 focus-visible:outline-accent",
                  `#${tag}`,
                )}
              </li>
            ))}
          </ul>
        )}

        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
          <dt className="text-muted">Style</dt>
          <dd>
            {filterLink(
              { style: avatar.style, q: "" },
              "font-medium underline decoration-border underline-offset-2 hover:decoration-accent",
              style.label,
            )}
          </dd>
          <dt className="text-muted">Seed</dt>
          <dd className="font-mono text-xs leading-5 break-all">{avatar.seed}</dd>
          <dt className="text-muted">Original</dt>
          <dd className="tabular-nums">
            {avatar.width} × {avatar.height} PNG
          </dd>
        </dl>

        <DownloadPanel avatarId={avatar.id} />
        <StyleLicence styleId={avatar.style} />
      </div>
    </article>
  );
}
