// GET /v1/models/{id}: one model by our id or an alias (which may contain slashes), OpenAI-style.
import { preflight } from "@/lib/api/preflight";
import { withApi } from "@/lib/api/with-api";
import { checkPresentedKey } from "@/lib/dialects/openai/auth";
import { openAiErrorResponse } from "@/lib/dialects/openai/errors";
import { describeModel, modelNotFound, resolveModel } from "@/lib/dialects/openai/models";

const options = { renderError: openAiErrorResponse };

/** SDKs send an alias's slashes as %2F; a stray `%` stays as it is rather than failing. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export const GET = withApi<{ id: string[] }>(async (request, { params }) => {
  await checkPresentedKey(request);
  const name = params.id.map(safeDecode).join("/");
  const id = resolveModel(name);
  if (!id) throw modelNotFound(name);
  return Response.json(describeModel(id));
}, options);

export const OPTIONS = preflight(["GET"], options);
