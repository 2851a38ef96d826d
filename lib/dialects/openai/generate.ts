import { randomInt } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import {
  generationInputSchema,
  MAX_SEED,
  type ParsedGenerationInput,
} from "@/lib/generations/input-schema";
import { type ResolvedCaller, serveGenerations } from "@/lib/generations/pipeline";
import type { RateLimitHeaders } from "@/lib/limits/rate-limit";
import { succeededGeneration } from "@/lib/generations/wait";
import type { ModelId } from "@/lib/catalog/models";
import { modelOrThrow } from "./models";
import type { OpenAiImageRequest } from "./request-schema";
import { imagesResponse, type OpenAiImagesResponse, toOpenAiImage } from "./response";

/**
 * `n` seeds, all different, so `n` images are `n` different images (each seed is its own cache
 * key). A given seed (our extension) makes them seed, seed+1, …, so the same request gives the
 * same images again, from the cache.
 */
export function distinctSeeds(
  n: number,
  seed: number | undefined,
  random: () => number = () => randomInt(0, MAX_SEED),
): number[] {
  if (seed !== undefined && seed >= 0) {
    return Array.from({ length: n }, (_, i) => (seed + i) % (MAX_SEED + 1));
  }
  const seeds = new Set<number>();
  while (seeds.size < n) seeds.add(random());
  return [...seeds];
}

/** The native engine's inputs for an OpenAI request: one per image, through the same schema. */
export function generationInputs(
  body: OpenAiImageRequest,
  model: ModelId,
  random?: () => number,
): ParsedGenerationInput[] {
  return distinctSeeds(body.n, body.seed, random).map((seed) =>
    generationInputSchema.parse({
      prompt: body.prompt,
      style: body.style,
      model,
      width: body.size.width,
      height: body.size.height,
      seed,
      private: body.private,
    }),
  );
}

/** A timeout names one generation; with several images, the client needs every id to follow. */
export function naming(error: unknown, ids: string[]): unknown {
  if (!(error instanceof ApiError) || error.code !== "generation_timeout" || ids.length < 2) {
    return error;
  }
  return new ApiError(
    "generation_timeout",
    `${error.message} All ${ids.length} images: ${ids.join(", ")}.`,
    {
      details: { ids, status_urls: ids.map((id) => `/api/v1/generations/${id}`) },
    },
  );
}

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
  rateHeaders: RateLimitHeaders | Record<string, never>;
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
