// GET /api/v1/gallery: list gallery avatars, newest first, with style filter, text search and keyset cursor.
import { parseSearchParams } from "@/lib/api/parse";
import { withApi } from "@/lib/api/with-api";
import { withAbsoluteUrls } from "@/lib/gallery/absolute";
import { listGallery } from "@/lib/gallery/queries";
import { galleryQuerySchema } from "@/lib/gallery/schema";
import { preflight } from "@/lib/api/preflight";

export const GET = withApi(async (request) => {
  const page = await listGallery(parseSearchParams(request, galleryQuerySchema));
  const body = { ...page, data: page.data.map((a) => withAbsoluteUrls(a, request)) };
  return Response.json(body, {
    headers: {
      "Cache-Control": "public, max-age=10, stale-while-revalidate=60",
    },
  });
});

// CORS preflight for browser apps on other origins (lib/api/cors.ts).
export const OPTIONS = preflight(["GET"]);
