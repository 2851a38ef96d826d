// POST /api/v1/generations: request an avatar; 200 with the image on a cache hit, else 202 and a job to follow.
import { parseWith, readJsonBody } from "@/lib/api/parse";
import { withApi } from "@/lib/api/with-api";
import { resolveIdentity } from "@/lib/auth/identity";
import { limitsFor } from "@/lib/auth/tiers";
import { generationInputSchema } from "@/lib/generations/normalize";
import { presentGeneration } from "@/lib/generations/present";
import { findCachedGeneration, requestGeneration } from "@/lib/generations/service";
import { consumeRateLimit } from "@/lib/limits/rate-limit";
import { preflight } from "@/lib/api/preflight";
import { registerWebhook } from "@/lib/webhooks/registration";

export const POST = withApi(async (request) => {
  const body = await readJsonBody(request);
  // Who is asking comes first: a bad key is a 401 whatever the body says.
  const { identity, setCookies } = await resolveIdentity(request, { body });
  const limits = await limitsFor(identity.tier, identity.overrides);
  const input = parseWith(generationInputSchema, body);
  // Before anything is charged or queued: an unusable webhook_url refuses the whole request.
  const webhook = await registerWebhook(input.webhook_url, identity, request);
  const caller = { identity, limits, webhook };
  // A cache hit is answered before the rate limit and the quota: it is free and costs no generation.
  const hit = await findCachedGeneration(input, caller);
  const rateHeaders = hit ? {} : await consumeRateLimit(identity, limits);
  const ticket = hit ?? (await requestGeneration(input, caller));
  const view = {
    ...presentGeneration(ticket.row, request),
    queue_position: ticket.queuePosition,
    ...(webhook ? { webhook: { url: webhook.url, status: "registered" } } : {}),
  };
  const response = Response.json(view, {
    status: ticket.cache === "HIT" ? 200 : 202,
    headers: {
      ...rateHeaders,
      "X-Cache": ticket.cache,
      ...(ticket.cache === "MISS" ? { Location: `/api/v1/generations/${ticket.row.id}` } : {}),
    },
  });
  for (const cookie of setCookies) response.headers.append("Set-Cookie", cookie);
  return response;
});

// CORS preflight for browser apps on other origins (lib/api/cors.ts).
export const OPTIONS = preflight(["POST"]);
