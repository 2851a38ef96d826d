// GET /api/v1/gallery/similar: gallery avatars like a prompt, so a ready-made one can save a generation.
import { parseSearchParams } from "@/lib/api/parse";
import { preflight } from "@/lib/api/preflight";
import { withApi } from "@/lib/api/with-api";
import { withAbsoluteUrls } from "@/lib/gallery/absolute";
import { similarQuerySchema } from "@/lib/gallery/schema";
import { similarAvatars } from "@/lib/gallery/similar";

export const GET = withApi(async (request) => {
  const avatars = await similarAvatars(parseSearchParams(request, similarQuerySchema));
  return Response.json(
    { data: avatars.map((a) => withAbsoluteUrls(a, request)) },
    { headers: { "Cache-Control": "public, max-age=60" } },
  );
});

// CORS preflight for browser apps on other origins (lib/api/cors.ts).
export const OPTIONS = preflight(["GET"]);
