"use client";

import { useCallback, useState } from "react";
import type { GenerationView } from "@/lib/generations/present";

interface GenerationImageProps {
  /** As GenerationView.images carries them: the PNG original and the WebP sizes that exist. */
  images: Pick<NonNullable<GenerationView["images"]>, "png" | "webp">;
  alt: string;
  className?: string;
}

/**
 * The 512 px WebP with a blur-up: a generation has no inline blur_data_url (gallery avatars do), so
 * the 128 px variant, a few KB, stands in blurred until the full image has loaded. Right after a
 * generation, before its WebPs exist, the PNG original is shown instead. Keyed by the caller on the
 * generation id, so a new image starts blurred again.
 */
export function GenerationImage({ images, alt, className }: GenerationImageProps) {
  const { webp } = images;
  // Chosen once: the picture already on screen is not fetched again when the WebPs arrive.
  const [src] = useState(() => webp["512"] ?? webp["256"] ?? images.png);
  const [loaded, setLoaded] = useState(false);
  // A cached image can be complete before React attaches onLoad.
  const checkComplete = useCallback((img: HTMLImageElement | null) => {
    if (img?.complete && img.naturalWidth > 0) setLoaded(true);
  }, []);

  return (
    <div className={`relative aspect-square overflow-hidden bg-surface-2 ${className ?? ""}`}>
      {!loaded && webp["128"] && (
        <img
          aria-hidden
          alt=""
          src={webp["128"]}
          width={128}
          height={128}
          className="absolute inset-0 size-full scale-110 object-cover blur-lg"
        />
      )}
      <img
        ref={checkComplete}
        data-testid="generate-image"
        src={src}
        width={512}
        height={512}
        alt={alt}
        decoding="async"
        fetchPriority="high"
        onLoad={() => setLoaded(true)}
        className={`relative size-full object-cover transition-opacity duration-300 ${
          loaded ? "opacity-100" : "opacity-0"
        }`}
      />
    </div>
  );
}
