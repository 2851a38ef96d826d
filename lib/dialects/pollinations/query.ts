import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { parseWith } from "@/lib/api/parse";
import { enhancePrompt } from "@/lib/generations/enhance";
import {
  DEFAULT_SIZE,
  DEFAULT_STYLE,
  generationInputSchema,
  MAX_SEED,
  MAX_SIZE,
  MIN_SIZE,
  type ParsedGenerationInput,
} from "@/lib/generations/input-schema";
import { AVATAR_STYLE_IDS } from "@/lib/catalog/styles";
import type { ModelId } from "@/lib/catalog/models";

/** Pollinations' defaults: a fixed seed, so the same URL names the same image (one cache entry). */
export const POLLINATIONS_DEFAULT_SEED = 42;
export const POLLINATIONS_DEFAULT_MODEL = "flux";
/** Our models grid: sizes are multiples of this; other sizes are rounded to it, not refused. */
export const SIZE_GRID = 8;

/** Model names a Pollinations URL may use, and the model of ours each one means. */
export const MODEL_NAMES: Record<string, ModelId> = {
  flux: "flux-schnell",
  "flux-schnell": "flux-schnell",
  "flux-dev": "flux-dev",
};
const NAMES = Object.keys(MODEL_NAMES) as [string, ...string[]];

/** `?private`, `?private=true`, `=1`, `=yes`: Pollinations' flags are loose, so ours are too. */
const setFlag = z
  .preprocess((v) => (v === "" ? "true" : v), z.stringbool({ error: "must be true or false" }))
  .optional();
const flag = setFlag.transform((v) => v ?? false);

const size = z.coerce
  .number({ error: "must be a number" })
  .refine(Number.isFinite, "must be a number")
  .transform((n) => Math.round(n / SIZE_GRID) * SIZE_GRID)
  .pipe(
    z
      .number()
      .min(MIN_SIZE, `must be between ${MIN_SIZE} and ${MAX_SIZE} pixels`)
      .max(MAX_SIZE, `must be between ${MIN_SIZE} and ${MAX_SIZE} pixels`),
  )
  .default(DEFAULT_SIZE);

/** The query string of GET /prompt/{prompt}. Unknown parameters are ignored, as Pollinations does. */
export const pollinationsQuerySchema = z.object({
  model: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(
      z.enum(NAMES, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not a model here; use one of: ${NAMES.join(", ")} (flux is flux-schnell)`,
      }),
    )
    .default(POLLINATIONS_DEFAULT_MODEL)
    .transform((name) => MODEL_NAMES[name]!),
  seed: z.coerce
    .number({ error: "must be a number" })
    .int("must be an integer")
    .min(-1, "must be -1 (random) or between 0 and 2147483647")
    .max(MAX_SEED, "must be at most 2147483647")
    .default(POLLINATIONS_DEFAULT_SEED),
  width: size,
  height: size,
  /** Our extension: the avatar style (Pollinations has none). */
  style: z
    .enum(AVATAR_STYLE_IDS, { error: `must be one of: ${AVATAR_STYLE_IDS.join(", ")}` })
    .default(DEFAULT_STYLE),
  /** Accepted for compatibility: Likeness never draws a logo on an image. */
  nologo: flag,
  /** Left out: the caller's default (private with an API key `token`, public otherwise). */
  private: setFlag,
  /** Same as private: out of the public feed. */
  nofeed: setFlag,
  enhance: flag,
  /** Accepted: every image is checked already, and a flagged one is refused (content_flagged). */
  safe: flag,
  /** Accepted and ignored: Likeness has no referrer-based tiers (use `token` for an API key). */
  referrer: z.string().max(2_000, "must be at most 2000 characters").optional(),
  /** An API key; read by identity resolution (lib/auth/identity.ts), listed here for the docs. */
  token: z.string().optional(),
});

export type PollinationsQuery = z.output<typeof pollinationsQuerySchema>;

export interface PollinationsRequest {
  input: ParsedGenerationInput;
  /** The prompt as generated when `enhance=true` expanded it, else undefined. */
  enhancedPrompt: string | undefined;
}

/** A Pollinations query onto the one generation input every dialect uses. */
export function toGenerationInput(prompt: string, query: PollinationsQuery): PollinationsRequest {
  const input = parseWith(generationInputSchema, {
    prompt,
    style: query.style,
    model: query.model,
    width: query.width,
    height: query.height,
    seed: query.seed,
    private: privacyOf(query),
  });
  if (!query.enhance) return { input, enhancedPrompt: undefined };
  const enhanced = enhancePrompt(input.prompt, input.style);
  return {
    input: parseWith(generationInputSchema, { ...input, prompt: enhanced }),
    enhancedPrompt: enhanced,
  };
}

/** `private` or `nofeed`: true if either says so, false if one says false, else the caller's default. */
function privacyOf(query: PollinationsQuery): boolean | undefined {
  if (query.private === true || query.nofeed === true) return true;
  if (query.private === false || query.nofeed === false) return false;
  return undefined;
}

/**
 * The prompt from the raw request path (`/prompt/…`): `+` is a space as in a query string (so
 * `a+red+fox` works as people write it; a literal plus is `%2B`), and `/` may appear unencoded
 * (Python's urllib.parse.quote leaves it), so everything after `/prompt/` is the prompt.
 */
export function promptFromPath(pathname: string): string {
  const raw = pathname.replace(/^\/prompt\/?/, "");
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    throw new ApiError("bad_request", "The prompt in the path is not valid URL encoding.");
  }
}
