"use client";

import { useCallback, useState } from "react";
import type { GalleryAvatar } from "@/lib/gallery/types";
import type { VariantSize } from "@/lib/catalog/image-sizes";

interface AvatarImageProps {
  avatar: GalleryAvatar;
  alt: string;
  /** WebP variants offered in srcset, smallest first; the middle one is the fallback `src`. */
  variants: readonly VariantSize[];
  sizes: string;
  eager?: boolean;
  className?: string;
}

/**
 * A square avatar that never shifts the layout: the box is sized by CSS (aspect-square) and the
 * `<img>` carries width/height. Until the image arrives the tiny blur_data_url fills the box,
 * blurred; it is removed on load rather than left underneath, because avatars can be transparent.
 */
export function AvatarImage({
  avatar,
  alt,
  variants,
  sizes,
  eager = false,
  className,
}: AvatarImageProps) {
  const [loaded, setLoaded] = useState(false);
  // An image can finish before hydration attaches onLoad (cached, or eager above the fold).
  const checkComplete = useCallback((img: HTMLImageElement | null) => {
    if (img?.complete && img.naturalWidth > 0) setLoaded(true);
  }, []);

  const srcSet = variants.map((size) => `${avatar.images.webp[size]} ${size}w`).join(", ");
  const fallback = variants[Math.floor(variants.length / 2)] ?? 256;

  return (
    <div className={`relative aspect-square overflow-hidden bg-surface-2 ${className ?? ""}`}>
      {!loaded && (
        <div
          aria-hidden
          className="absolute inset-0 scale-110 bg-cover bg-center blur-lg"
          style={{ backgroundImage: `url("${avatar.blur_data_url}")` }}
        />
      )}
      <img
        ref={checkComplete}
        src={avatar.images.webp[fallback]}
        srcSet={srcSet}
        sizes={sizes}
        width={avatar.width}
        height={avatar.height}
        alt={alt}
        loading={eager ? "eager" : "lazy"}
        fetchPriority={eager ? "high" : undefined}
        decoding="async"
        onLoad={() => setLoaded(true)}
        // Always visible (no fade-in) so the avatar still shows if JavaScript never runs.
        className="relative size-full object-cover"
      />
    </div>
  );
}
