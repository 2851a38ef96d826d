import sharp from "sharp";

/**
 * A provider's PNG at exactly the size that was asked for. Replicate draws FLUX at fixed megapixel
 * budgets (512² is its smallest), so a 256 px request comes back at 512 px; the cache key names the
 * requested size, and what is stored under it must be that size. Cover-fit: a provider's aspect
 * ratio only approximates the request's, and a centre crop beats a distorted face.
 */
export async function fitToSize(
  image: { png: Buffer; width: number; height: number },
  width: number,
  height: number,
): Promise<{ png: Buffer; width: number; height: number }> {
  if (image.width === width && image.height === height) return image;
  const png = await sharp(image.png)
    .resize(width, height, { fit: "cover" })
    .png({ compressionLevel: 6 })
    .toBuffer();
  return { png, width, height };
}
