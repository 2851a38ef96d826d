// GET /api/v1/feed (and GET /feed for non-browser clients): Server-Sent Events of public generations, the last 20 first.
import { withApi } from "@/lib/api/with-api";
import { feedStream } from "@/lib/feed/stream";

export const dynamic = "force-dynamic";

export const GET = withApi(async (request) => {
  return new Response(feedStream(request), {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
      "Access-Control-Allow-Origin": "*",
      // /feed is this stream or the page, by Accept (next.config.ts): caches must keep them apart.
      Vary: "Accept",
    },
  });
});
