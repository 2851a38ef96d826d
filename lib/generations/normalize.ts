import { createHash, randomInt } from "node:crypto";
import type { GenerationRequest } from "@/lib/catalog/generation-request";
import { MODELS } from "@/lib/catalog/models";
import { MAX_SEED, type ParsedGenerationInput } from "./input-schema";

export * from "./input-schema";

/** Bumped whenever the same parameters would start producing a different image. */
export const CACHE_VERSION = 1;

/** Every default applied and the seed fixed: from here on, equal requests are equal objects. */
export function normalizeGeneration(
  input: ParsedGenerationInput,
  random: () => number = () => randomInt(0, MAX_SEED),
): GenerationRequest {
  return {
    // Whitespace runs are not meaningful to any model; folding them lets "a  cat" hit "a cat"'s cache.
    prompt: input.prompt.replace(/\s+/g, " "),
    style: input.style,
    model: input.model,
    width: input.width,
    height: input.height,
    seed: input.seed === undefined || input.seed === -1 ? random() : input.seed,
    steps: MODELS[input.model].steps,
    format: "png",
  };
}

/** Canonical JSON: keys sorted at every level, so key order never changes the hash. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : 1,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The public cache key: SHA-256 of the normalized parameters plus the cache version. Only what
 * changes the image is in it; who asked and delivery options are not.
 */
export function requestHash(request: GenerationRequest): string {
  return createHash("sha256")
    .update(canonical({ v: CACHE_VERSION, ...request }))
    .digest("hex");
}

/**
 * The key a request is looked up and stored under (generations.request_hash). A public request's is
 * the shared `requestHash`: everyone who asks for the same thing gets the same image, made once. A
 * private request's is scoped to its owner (lib/auth/types.ts ownerOf), so a private generation is
 * never anyone else's cache hit, and never joins or is joined by a public one: the owner's identical
 * private requests share it; anyone else's make their own. The same formula is in SQL
 * (supabase/migrations/20261204050000_private_generations.sql), which keyed existing rows with it.
 */
export function cacheKey(request: GenerationRequest, owner: string | null): string {
  const shared = requestHash(request);
  if (owner === null) return shared;
  return createHash("sha256").update(`${shared}:private:${owner}`).digest("hex");
}
