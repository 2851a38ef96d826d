import { createHash, randomInt } from "node:crypto";
import { z } from "zod";
import { AVATAR_STYLE_IDS, type AvatarStyleId } from "@/lib/providers/local/styles";
import { type GenerationRequest, MODEL_IDS, type ModelId } from "@/lib/providers/types";

/** Bumped whenever the same parameters would start producing a different image. */
export const CACHE_VERSION = 1;

export const PROMPT_MAX_LENGTH = 1_000;
export const MIN_SIZE = 64;
export const MAX_SIZE = 2_048;
export const MAX_SEED = 2 ** 31 - 1;
export const DEFAULT_STYLE: AvatarStyleId = "adventurer";
export const DEFAULT_SIZE = 1_024;
const STEPS: Record<ModelId, number> = { "flux-schnell": 4, "flux-dev": 28 };

const size = z.coerce
  .number({ error: "must be a number" })
  .int("must be an integer")
  .min(MIN_SIZE, `must be at least ${MIN_SIZE}`)
  .max(MAX_SIZE, `must be at most ${MAX_SIZE}`)
  .refine((n) => n % 8 === 0, "must be a multiple of 8");

/** What a client may send. Shared by the API handler, the generate form and the OpenAPI document. */
export const generationInputSchema = z.object({
  prompt: z
    .string({ error: "is required" })
    .trim()
    .min(1, "must not be empty")
    .max(PROMPT_MAX_LENGTH, `must be at most ${PROMPT_MAX_LENGTH} characters`),
  style: z
    .enum(AVATAR_STYLE_IDS, { error: `must be one of: ${AVATAR_STYLE_IDS.join(", ")}` })
    .default(DEFAULT_STYLE),
  model: z
    .enum(MODEL_IDS, { error: `must be one of: ${MODEL_IDS.join(", ")}` })
    .default("flux-schnell"),
  width: size.default(DEFAULT_SIZE),
  height: size.default(DEFAULT_SIZE),
  /** Omitted or -1: a fresh random seed, so "generate again" gives a new image. */
  seed: z.coerce
    .number({ error: "must be a number" })
    .int("must be an integer")
    .min(-1, "must be -1 (random) or between 0 and 2147483647")
    .max(MAX_SEED, "must be at most 2147483647")
    .optional(),
  private: z.boolean().default(false),
});

export type GenerationInput = z.input<typeof generationInputSchema>;
export type ParsedGenerationInput = z.output<typeof generationInputSchema>;

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
    steps: STEPS[input.model],
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
 * The cache key: SHA-256 of the normalized parameters plus the cache version. Only what changes the
 * image is in it; who asked, privacy and delivery options are not.
 */
export function requestHash(request: GenerationRequest): string {
  return createHash("sha256")
    .update(canonical({ v: CACHE_VERSION, ...request }))
    .digest("hex");
}
