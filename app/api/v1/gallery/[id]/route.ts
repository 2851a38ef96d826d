// GET /api/v1/gallery/{id}: one gallery avatar.
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { withAbsoluteUrls } from "@/lib/gallery/absolute";
import { getGalleryAvatar } from "@/lib/gallery/queries";
import { galleryIdSchema } from "@/lib/gallery/schema";
import { preflight } from "@/lib/api/preflight";

export const GET = withApi<{ id: string }>(async (request, { params }) => {
  const id = galleryIdSchema.safeParse(params.id);
  const avatar = id.success ? await getGalleryAvatar(id.data) : null;
  if (!avatar)
    throw new ApiError("not_found", `No gallery avatar with id ${JSON.stringify(params.id)}.`);
  return Response.json(withAbsoluteUrls(avatar, request), {
    headers: { "Cache-Control": "public, max-age=300" },
  });
});

// CORS preflight for browser apps on other origins (lib/api/cors.ts).
export const OPTIONS = preflight(["GET"]);
