// GET /api/v1/feed (and GET /feed for non-browser clients): Server-Sent Events of public generations, the last 20 first.
import { sseResponse } from "@/lib/api/sse";
import { withApi } from "@/lib/api/with-api";
import { feedStream } from "@/lib/feed/stream";

export const dynamic = "force-dynamic";

export const GET = withApi(async (request) =>
  sseResponse(feedStream(request), {
    "Access-Control-Allow-Origin": "*",
    // /feed is this stream or the page, by Accept (next.config.ts): caches must keep them apart.
    Vary: "Accept",
  }),
);
