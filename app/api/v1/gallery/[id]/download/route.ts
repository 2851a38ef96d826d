// GET /api/v1/gallery/{id}/download?size=&format=: one avatar as an attachment, WebP or PNG at any stored size.
import { ApiError } from "@/lib/api/errors";
import { parseSearchParams } from "@/lib/api/parse";
import { withApi } from "@/lib/api/with-api";
import { getGalleryObjectKeys } from "@/lib/gallery/queries";
import { downloadQuerySchema, galleryIdSchema } from "@/lib/gallery/schema";
import { getObject, getObjectBytes, IMMUTABLE_CACHE_CONTROL } from "@/lib/storage";
import { pngAtSize } from "@/lib/images/png-at-size";
import { preflight } from "@/lib/api/preflight";

export const GET = withApi<{ id: string }>(async (request, { params }) => {
  const { size, format } = parseSearchParams(request, downloadQuerySchema);
  const id = galleryIdSchema.safeParse(params.id);
  const keys = id.success ? await getGalleryObjectKeys(id.data) : null;
  if (!keys)
    throw new ApiError("not_found", `No gallery avatar with id ${JSON.stringify(params.id)}.`);

  const headers = new Headers({
    "Content-Type": format === "png" ? "image/png" : "image/webp",
    "Content-Disposition": `attachment; filename="likeness-${params.id}-${size}.${format}"`,
    "Cache-Control": IMMUTABLE_CACHE_CONTROL,
  });
  if (format === "webp") {
    const object = await getObject(keys.webp[`${size}`]);
    if (!object) throw new ApiError("not_found", "The stored image is missing.");
    headers.set("Content-Length", String(object.contentLength));
    return new Response(object.body, { headers });
  }
  // Only the 1024 px original is stored as PNG; smaller PNGs are made from it on request.
  const original = await getObjectBytes(keys.png);
  if (!original) throw new ApiError("not_found", "The stored image is missing.");
  const bytes = await pngAtSize(original, size);
  headers.set("Content-Length", String(bytes.byteLength));
  return new Response(new Uint8Array(bytes), { headers });
});

// CORS preflight for browser apps on other origins (lib/api/cors.ts).
export const OPTIONS = preflight(["GET"]);
