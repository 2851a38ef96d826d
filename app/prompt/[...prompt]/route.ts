// GET /prompt/{prompt}: a Pollinations-style image URL, answered with the PNG bytes (made on first use, then cached).
import { parseSearchParams } from "@/lib/api/parse";
import { withApi } from "@/lib/api/with-api";
import {
  pollinationsQuerySchema,
  promptFromPath,
  toGenerationInput,
} from "@/lib/dialects/pollinations/query";
import { promptImageResponse } from "@/lib/dialects/pollinations/serve";

export const dynamic = "force-dynamic";

export const GET = withApi<{ prompt: string[] }>(async (request) => {
  // The raw path, not the decoded params: `+` means a space there, and `/` may be part of a prompt.
  const prompt = promptFromPath(new URL(request.url).pathname);
  const query = parseSearchParams(request, pollinationsQuerySchema);
  const { input, enhancedPrompt } = toGenerationInput(prompt, query);
  return promptImageResponse(request, input, enhancedPrompt);
});
