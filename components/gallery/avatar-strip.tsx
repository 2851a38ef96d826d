import Link from "next/link";
import type { GalleryAvatar } from "@/lib/gallery/types";
import { getAvatarStyle } from "@/lib/catalog/styles";
import { AvatarImage } from "./avatar-image";
import { avatarHref } from "./gallery-url";

const STRIP_VARIANTS = [128, 256] as const;

/** A teaser row of avatars (home page); each opens its standalone detail page. */
export function AvatarStrip({ avatars }: { avatars: GalleryAvatar[] }) {
  return (
    <ul
      aria-label="Avatars from the gallery"
      className="grid grid-cols-4 gap-2 sm:grid-cols-6 sm:gap-3 lg:grid-cols-12"
    >
      {avatars.map((avatar) => (
        <li key={avatar.id}>
          <Link
            href={avatarHref(avatar.id)}
            data-testid="avatar-card"
            data-id={avatar.id}
            data-style={avatar.style}
            title={`${getAvatarStyle(avatar.style).label} avatar`}
            className="block overflow-hidden rounded-2xl border border-border bg-surface shadow-xs transition hover:-translate-y-0.5 hover:shadow-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
          >
            <AvatarImage
              avatar={avatar}
              alt={avatar.prompt}
              variants={STRIP_VARIANTS}
              sizes="(min-width: 1024px) 96px, (min-width: 640px) 16vw, 25vw"
              eager
            />
          </Link>
        </li>
      ))}
    </ul>
  );
}
