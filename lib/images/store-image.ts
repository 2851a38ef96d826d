import { putObject } from "@/lib/storage";
import { VARIANT_SIZES, type VariantSize } from "@/lib/gallery/types";
import { contentKeyFor, makeVariants } from "./variants";

/** Storage keys of one image: the PNG original and a WebP per variant size. */
export interface ImageObjectKeys {
  png: string;
  webp: Record<`${VariantSize}`, string>;
}

export interface StoredImage {
  sha256: string;
  keys: ImageObjectKeys;
  width: number;
  height: number;
  blurDataUrl: string;
}

/**
 * Makes the WebP variants of a PNG and uploads them with the original under content-addressed keys.
 * Idempotent: storing the same image again writes identical bytes to the same keys.
 */
export async function storeImage(png: Buffer): Promise<StoredImage> {
  const v = await makeVariants(png);
  const keys: ImageObjectKeys = {
    png: contentKeyFor(v.sha256, "original.png"),
    webp: {
      "128": contentKeyFor(v.sha256, "128.webp"),
      "256": contentKeyFor(v.sha256, "256.webp"),
      "512": contentKeyFor(v.sha256, "512.webp"),
      "1024": contentKeyFor(v.sha256, "1024.webp"),
    },
  };
  await Promise.all([
    putObject(keys.png, v.original.bytes, { contentType: "image/png" }),
    ...VARIANT_SIZES.map((size) =>
      putObject(keys.webp[`${size}`], v.webp[size], { contentType: "image/webp" }),
    ),
  ]);
  return {
    sha256: v.sha256,
    keys,
    width: v.original.width,
    height: v.original.height,
    blurDataUrl: v.blurDataUrl,
  };
}
