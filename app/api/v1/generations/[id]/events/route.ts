// GET /api/v1/generations/{id}/events: Server-Sent Events with queue position, progress, and the result or failure.
import { preflight } from "@/lib/api/preflight";
import { sseResponse } from "@/lib/api/sse";
import { withApi } from "@/lib/api/with-api";
import { withSetCookies } from "@/lib/auth/identity";
import { readableGeneration } from "@/lib/generations/access";
import { generationEvents } from "@/lib/generations/events-stream";

export const dynamic = "force-dynamic";

export const GET = withApi<{ id: string }>(async (request, { params }) => {
  // A private generation's events are its owner's alone, like the generation itself.
  const { row, headers, setCookies } = await readableGeneration(request, params.id);
  return withSetCookies(sseResponse(generationEvents(request, row), headers), setCookies);
});

// CORS preflight for browser apps on other origins (lib/api/cors.ts).
export const OPTIONS = preflight(["GET"]);
