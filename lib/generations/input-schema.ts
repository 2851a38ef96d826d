import { z } from "zod";
import { AVATAR_STYLE_IDS, type AvatarStyleId } from "@/lib/catalog/styles";
import { MODEL_IDS } from "@/lib/catalog/models";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "@/lib/api/text";

/**
 * What a client may send to ask for a generation: shared by the API handler, the generate form (so
 * this module must stay free of server-only imports) and the OpenAPI document.
 */
export const PROMPT_MAX_LENGTH = 1_000;
export const MIN_SIZE = 64;
export const MAX_SIZE = 2_048;
export const MAX_SEED = 2 ** 31 - 1;
export const DEFAULT_STYLE: AvatarStyleId = "adventurer";
export const DEFAULT_SIZE = 1_024;

const size = z.coerce
  .number({ error: "must be a number" })
  .int("must be an integer")
  .min(MIN_SIZE, `must be at least ${MIN_SIZE}`)
  .max(MAX_SIZE, `must be at most ${MAX_SIZE}`)
  .multipleOf(8, "must be a multiple of 8");

/** What a client may send. Shared by the API handler, the generate form and the OpenAPI document. */
export const generationInputSchema = z.object({
  prompt: z
    .string({ error: "is required" })
    .trim()
    .min(1, "must not be empty")
    .max(PROMPT_MAX_LENGTH, `must be at most ${PROMPT_MAX_LENGTH} characters`)
    .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE)
    .meta({ description: "What the avatar shows.", example: "a fox in a knitted hat" }),
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
    .optional()
    .meta({
      description:
        "Omitted or -1: a fresh random seed. The same seed and parameters give the same image (a cache hit).",
    }),
  /**
   * Omitted: the caller's default (lib/generations/pipeline.ts), true with an API key and false in
   * the browser, so this schema leaves it undefined.
   */
  private: z.boolean({ error: "must be true or false" }).optional().meta({
    description:
      "True: only you (your session, or any API key of your account) can read the generation, it is never in the feed, and nobody else is served it from the cache; false: public, in the feed and shared through the cache. Default: true for requests with an API key, false for browser sessions and anonymous visitors.",
  }),
  /**
   * API keys only: where to POST the signed generation.succeeded / generation.failed event. Not
   * part of the cache key: it changes how the result is delivered, not the image.
   */
  webhook_url: z
    .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" })
    .max(2_048, "must be at most 2048 characters")
    .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE)
    .optional()
    .meta({
      description:
        "API keys only: where to POST the signed `generation.succeeded` / `generation.failed` event (Standard Webhooks).",
    }),
});

export type GenerationInput = z.input<typeof generationInputSchema>;
export type ParsedGenerationInput = z.output<typeof generationInputSchema>;
