import "server-only";
import { type ResolvedCaller, serveGenerations } from "@/lib/generations/pipeline";
import { succeededGeneration } from "@/lib/generations/wait";
import { generationInputs, naming } from "./generate";
import { modelOrThrow } from "./models";
import type { OpenAiImageRequest } from "./request-schema";
import { imagesResponse, type OpenAiImagesResponse, toOpenAiImage } from "./response";

/**
 * Makes the request's images through the one engine (cache, quota, queue, providers) and waits
 * until all are ready. The images are admitted together (none charged unless all fit the quota);
 * a cache hit is free. If one fails, the request answers that failure (the failed one is refunded
 * by the worker; the others stay made and charged, and are in the account's history).
 */
export async function generateImages(
  body: OpenAiImageRequest,
  caller: ResolvedCaller,
  request: Request,
): Promise<{
  response: OpenAiImagesResponse;
  cache: "HIT" | "MISS";
  rateHeaders: Record<string, string>;
}> {
  const model = modelOrThrow(body.model);
  const served = await serveGenerations(request, caller, generationInputs(body, model));
  const tickets = served.tickets;
  const rows = await Promise.all(
    tickets.map((t) => succeededGeneration(t.row, { signal: request.signal })),
  ).catch((error: unknown) => {
    throw naming(
      error,
      tickets.map((t) => t.row.id),
    );
  });
  const format = body.response_format;
  const images = await Promise.all(
    rows.map((row) => toOpenAiImage(row, { format, prompt: body.prompt, request })),
  );
  return {
    response: imagesResponse(images, body.size),
    cache: served.cache,
    rateHeaders: served.rateHeaders,
  };
}
