// POST /api/v1/generations: request an avatar; 200 with the image on a cache hit, else 202 and a job to follow.
import { parseJsonBody } from "@/lib/api/parse";
import { withApi } from "@/lib/api/with-api";
import { generationInputSchema } from "@/lib/generations/normalize";
import { presentGeneration } from "@/lib/generations/present";
import { requestGeneration } from "@/lib/generations/service";

export const POST = withApi(async (request) => {
  const input = await parseJsonBody(request, generationInputSchema);
  const ticket = await requestGeneration(input);
  const body = { ...presentGeneration(ticket.row, request), queue_position: ticket.queuePosition };
  return Response.json(body, {
    status: ticket.cache === "HIT" ? 200 : 202,
    headers: {
      "X-Cache": ticket.cache,
      ...(ticket.cache === "MISS" ? { Location: `/api/v1/generations/${ticket.row.id}` } : {}),
    },
  });
});
