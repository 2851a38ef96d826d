import { randomInt } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import {
  generationInputSchema,
  MAX_SEED,
  type ParsedGenerationInput,
} from "@/lib/generations/input-schema";
import type { ModelId } from "@/lib/catalog/models";
import type { OpenAiImageRequest } from "./request-schema";

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
