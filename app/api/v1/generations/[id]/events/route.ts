// GET /api/v1/generations/{id}/events: Server-Sent Events with queue position, progress, and the result or failure.
import { ApiError } from "@/lib/api/errors";
import { preflight } from "@/lib/api/preflight";
import { sseResponse } from "@/lib/api/sse";
import { withApi } from "@/lib/api/with-api";
import { generationEvents } from "@/lib/generations/events-stream";
import { getGeneration } from "@/lib/generations/repository";

export const dynamic = "force-dynamic";

export const GET = withApi<{ id: string }>(async (request, { params }) => {
  const row = await getGeneration(params.id);
  if (!row) throw new ApiError("not_found", `No generation with id ${JSON.stringify(params.id)}.`);
  return sseResponse(generationEvents(request, row));
});

// CORS preflight for browser apps on other origins (lib/api/cors.ts).
export const OPTIONS = preflight(["GET"]);
