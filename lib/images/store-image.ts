import sharp from "sharp";
import { putObject } from "@/lib/storage";
import { VARIANT_SIZES, type VariantSize } from "@/lib/catalog/image-sizes";
import { contentKeyFor, makeVariants, privateKeyFor, sha256Hex, siblingKey } from "./variants";

/**
 * Storage keys of one image: the PNG original and a WebP per variant size. `webp` holds only the
 * sizes that exist: none while a new generation's variants are still being made, and never a size
 * above the original's.
 */
export interface ImageObjectKeys {
  png: string;
  webp: Partial<Record<`${VariantSize}`, string>>;
  /** Set while the WebP variants are still being made (a new generation's first second or so). */
  variants_pending?: true;
}

export interface StoredOriginal {
  sha256: string;
  key: string;
  width: number;
  height: number;
}

export interface StoredVariants {
  webp: ImageObjectKeys["webp"];
  blurDataUrl: string;
}

export type StoredImage = StoredOriginal & { keys: ImageObjectKeys; blurDataUrl: string };

/**
 * Uploads the PNG original: all a new generation needs before it can be shown and downloaded.
 * `width`/`height` are the caller's, read once when the output was checked. Under its content
 * address, or, for a private generation (`privateScope`: its id and cache key), under a capability
 * key only its record names (variants.privateKeyFor).
 */
export async function storeOriginal(
  png: Buffer,
  size: { width: number; height: number },
  options: { privateScope?: string } = {},
): Promise<StoredOriginal> {
  const sha256 = sha256Hex(png);
  const key =
    options.privateScope === undefined
      ? contentKeyFor(sha256, "original.png")
      : privateKeyFor(options.privateScope, sha256, "original.png");
  await putObject(key, png, { contentType: "image/png" });
  return { sha256, key, ...size };
}

/**
 * Makes and uploads the WebP variants of an original: beside it when its key is given (so a private
 * generation's stay as unguessable as its original), else under the content address. Idempotent.
 */
export async function storeVariants(png: Buffer, originalKey?: string): Promise<StoredVariants> {
  const v = await makeVariants(png);
  const webp: ImageObjectKeys["webp"] = {};
  await Promise.all(
    VARIANT_SIZES.map(async (size) => {
      const bytes = v.webp[size];
      if (!bytes) return;
      const name = `${size}.webp` as const;
      const key = originalKey ? siblingKey(originalKey, name) : contentKeyFor(v.sha256, name);
      await putObject(key, bytes, { contentType: "image/webp" });
      webp[`${size}`] = key;
    }),
  );
  return { webp, blurDataUrl: v.blurDataUrl };
}

/**
 * The original and every variant in one go, for gallery avatars (which are listed with their
 * variants and blur placeholder from the start). Idempotent: identical bytes land on identical keys.
 */
export async function storeImage(png: Buffer): Promise<StoredImage> {
  const [variants, meta] = await Promise.all([storeVariants(png), dimensions(png)]);
  const original = await storeOriginal(png, meta);
  return {
    ...original,
    keys: { png: original.key, webp: variants.webp },
    blurDataUrl: variants.blurDataUrl,
  };
}

async function dimensions(png: Buffer): Promise<{ width: number; height: number }> {
  const meta = await sharp(png).metadata();
  if (!meta.width || !meta.height) throw new Error("storeImage: the image has no dimensions");
  return { width: meta.width, height: meta.height };
}
