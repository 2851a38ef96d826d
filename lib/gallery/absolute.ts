import { absoluteUrl } from "@/lib/api/parse";
import type { GalleryAvatar } from "./types";

export function withAbsoluteUrls(avatar: GalleryAvatar, request: Request): GalleryAvatar {
  const abs = (url: string) => absoluteUrl(url, request);
  const { webp, png } = avatar.images;
  return {
    ...avatar,
    images: {
      webp: {
        "128": abs(webp["128"]),
        "256": abs(webp["256"]),
        "512": abs(webp["512"]),
        "1024": abs(webp["1024"]),
      },
      png: abs(png),
    },
  };
}
