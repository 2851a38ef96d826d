// ANY /v1/*: paths the OpenAI-compatible API does not have, answered in OpenAI's error shape.
import { ApiError } from "@/lib/api/errors";
import { preflight } from "@/lib/api/preflight";
import { withApi } from "@/lib/api/with-api";
import { openAiErrorResponse } from "@/lib/dialects/openai/errors";

const options = { renderError: openAiErrorResponse };

const unknown = withApi(async (request) => {
  throw new ApiError(
    "not_found",
    `Invalid URL (${request.method} ${new URL(request.url).pathname}): this API offers POST /v1/images/generations, GET /v1/models and GET /v1/models/{id}.`,
  );
}, options);

export { unknown as DELETE, unknown as GET, unknown as PATCH, unknown as POST, unknown as PUT };
export const OPTIONS = preflight(["GET", "POST"], options);
