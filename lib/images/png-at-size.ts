import sharp from "sharp";

/** A square PNG at `size` px from a stored original; the original itself when it already has that size. */
export async function pngAtSize(original: Buffer, size: number): Promise<Buffer> {
  const meta = await sharp(original).metadata();
  if (meta.format === "png" && meta.width === size && meta.height === size) return original;
  return sharp(original)
    .resize(size, size, { fit: "cover" })
    .png({ compressionLevel: 9, palette: false })
    .toBuffer();
}
