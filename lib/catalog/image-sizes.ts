/** Sizes every stored avatar gets a WebP at (up to its own size, never upscaled). */
export const VARIANT_SIZES = [128, 256, 512, 1024] as const;
export type VariantSize = (typeof VARIANT_SIZES)[number];
