// GET /models: the model names a Pollinations-style URL accepts, as a JSON list.
import { withApi } from "@/lib/api/with-api";
import { MODEL_NAMES } from "@/lib/dialects/pollinations/query";

export const GET = withApi(async () =>
  Response.json(Object.keys(MODEL_NAMES), {
    headers: { "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=300" },
  }),
);
