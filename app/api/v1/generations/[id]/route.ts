// GET /api/v1/generations/{id}: a generation's status, and its images once done.
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { presentGeneration } from "@/lib/generations/present";
import { getGeneration } from "@/lib/generations/repository";
import { queuePosition } from "@/lib/queue/producer";
import { generationJobId } from "@/lib/queue/contract";
import { preflight } from "@/lib/api/preflight";

export const GET = withApi<{ id: string }>(async (request, { params }) => {
  const row = await getGeneration(params.id);
  if (!row) throw new ApiError("not_found", `No generation with id ${JSON.stringify(params.id)}.`);
  const waiting = row.status === "queued" || row.status === "running";
  const position = waiting
    ? await queuePosition(generationJobId(row.request_hash)).catch(() => null)
    : null;
  return Response.json(
    { ...presentGeneration(row, request), queue_position: position },
    { headers: { "Cache-Control": waiting ? "no-store" : "public, max-age=60" } },
  );
});

// CORS preflight for browser apps on other origins (lib/api/cors.ts).
export const OPTIONS = preflight(["GET"]);
