// GET /api/openapi.json: the OpenAPI 3.1 document, generated from the handlers' zod schemas.
import { publicOrigin } from "@/lib/api/parse";
import { withApi } from "@/lib/api/with-api";
import { openApiDocument } from "@/lib/openapi/document";

export const GET = withApi(async (request) =>
  Response.json(
    { ...openApiDocument(), servers: [{ url: publicOrigin(request) }] },
    { headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" } },
  ),
);
