// GET /api/v1/generations/{id}: a generation's status, and its images once done (a private one only for its owner).
import { withApi } from "@/lib/api/with-api";
import { withSetCookies } from "@/lib/auth/identity";
import { readableGeneration } from "@/lib/generations/access";
import { presentGeneration } from "@/lib/generations/present";
import { queuePosition } from "@/lib/queue/producer";
import { generationJobId } from "@/lib/queue/contract";
import { preflight } from "@/lib/api/preflight";

export const GET = withApi<{ id: string }>(async (request, { params }) => {
  const { row, headers, setCookies } = await readableGeneration(request, params.id);
  const waiting = row.status === "queued" || row.status === "running";
  const position = waiting
    ? await queuePosition(generationJobId(row.request_hash)).catch(() => null)
    : null;
  const response = Response.json(
    { ...presentGeneration(row, request), queue_position: position },
    {
      headers: { "Cache-Control": waiting ? "no-store" : "public, max-age=60", ...headers },
    },
  );
  return withSetCookies(response, setCookies);
});

// CORS preflight for browser apps on other origins (lib/api/cors.ts).
export const OPTIONS = preflight(["GET"]);
