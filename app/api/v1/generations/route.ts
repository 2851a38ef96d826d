// POST /api/v1/generations: request an avatar; 200 with the image on a cache hit, else 202 and a job to follow.
import { parseWith, readJsonBody } from "@/lib/api/parse";
import { preflight } from "@/lib/api/preflight";
import { withApi } from "@/lib/api/with-api";
import { withSetCookies } from "@/lib/auth/identity";
import { idempotent } from "@/lib/generations/idempotency";
import { generationInputSchema } from "@/lib/generations/input-schema";
import { resolveCaller, serveGenerations } from "@/lib/generations/pipeline";
import { presentGeneration } from "@/lib/generations/present";

export const POST = withApi(async (request) => {
  const body = await readJsonBody(request);
  // Who is asking comes first: a bad key is a 401 whatever the body says.
  const caller = await resolveCaller(request, { body });
  const response = await idempotent(request, caller.identity.subject, body, async () => {
    const input = parseWith(generationInputSchema, body);
    const served = await serveGenerations(request, caller, [input], {
      webhookUrl: input.webhook_url,
    });
    const ticket = served.tickets[0]!;
    const view = {
      ...presentGeneration(ticket.row, request),
      queue_position: ticket.queuePosition,
      ...(served.webhook ? { webhook: { url: served.webhook.url, status: "registered" } } : {}),
    };
    return Response.json(view, {
      status: ticket.cache === "HIT" ? 200 : 202,
      headers: {
        ...served.rateHeaders,
        "X-Cache": ticket.cache,
        // A private generation's answer is its owner's alone (lib/generations/access.ts).
        ...(ticket.row.private ? { "Cache-Control": "private, no-store" } : {}),
        ...(ticket.cache === "MISS" ? { Location: `/api/v1/generations/${ticket.row.id}` } : {}),
      },
    });
  });
  return withSetCookies(response, caller.setCookies);
});

// CORS preflight for browser apps on other origins (lib/api/cors.ts).
export const OPTIONS = preflight(["POST"]);
