// POST /v1/images/generations: OpenAI-compatible image generation; answers once the images are ready.
import { readJsonBody } from "@/lib/api/parse";
import { preflight } from "@/lib/api/preflight";
import { withApi } from "@/lib/api/with-api";
import { openAiErrorResponse } from "@/lib/dialects/openai/errors";
import { generateImages } from "@/lib/dialects/openai/serve";
import { parseImageRequest } from "@/lib/dialects/openai/request-schema";
import { idempotent } from "@/lib/generations/idempotency";
import { resolveCaller } from "@/lib/generations/pipeline";

const options = { renderError: openAiErrorResponse };

export const POST = withApi(async (request) => {
  const caller = await resolveCaller(request, { apiKeyOnly: true });
  const raw = await readJsonBody(request);
  return idempotent(request, caller.identity.subject, raw, async () => {
    const body = parseImageRequest(raw);
    const { response, cache, rateHeaders } = await generateImages(body, caller, request);
    return Response.json(response, { headers: { ...rateHeaders, "X-Cache": cache } });
  });
}, options);

export const OPTIONS = preflight(["POST"], options);
