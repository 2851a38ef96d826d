// GET /v1/models: our models in OpenAI's list shape (aliases are accepted, not listed).
import { preflight } from "@/lib/api/preflight";
import { withApi } from "@/lib/api/with-api";
import { checkPresentedKey } from "@/lib/dialects/openai/auth";
import { openAiErrorResponse } from "@/lib/dialects/openai/errors";
import { listModels } from "@/lib/dialects/openai/models";

const options = { renderError: openAiErrorResponse };

export const GET = withApi(async (request) => {
  await checkPresentedKey(request);
  return Response.json(listModels());
}, options);

export const OPTIONS = preflight(["GET"], options);
