import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { DEFAULT_STYLE, MAX_SEED, PROMPT_MAX_LENGTH } from "@/lib/generations/input-schema";
import { AVATAR_STYLE_IDS } from "@/lib/catalog/styles";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "@/lib/api/text";
import { parseSize } from "./size";

/** OpenAI allows up to 10; four avatars cover "a few to choose from" and keep a request's wait short. */
export const MAX_IMAGES = 4;

/** OpenAI's parameters that have no meaning here: refused by name, never silently ignored. */
const unsupported = (why: string) => z.never({ error: `is not supported: ${why}` }).optional();
const identifier = z
  .string({ error: "must be a string" })
  .max(256, "must be at most 256 characters");

/**
 * The body of `POST /v1/images/generations`: OpenAI's parameters, each either honoured or refused
 * with a reason, plus three extensions of ours (`style`, `seed`, `private`, as in the native API).
 * Unknown parameters are refused, as OpenAI does, so a typo never goes unnoticed.
 */
export const openAiImageRequestSchema = z.strictObject({
  prompt: z
    .string({ error: "must be a string" })
    .trim()
    .min(1, "must not be empty")
    .max(PROMPT_MAX_LENGTH, `must be at most ${PROMPT_MAX_LENGTH} characters`)
    .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE),
  model: z.string({ error: "must be a string" }).optional(),
  n: z
    .number({ error: `must be an integer from 1 to ${MAX_IMAGES}` })
    .int(`must be an integer from 1 to ${MAX_IMAGES}`)
    .min(1, "must be at least 1")
    .max(MAX_IMAGES, `must be at most ${MAX_IMAGES}`)
    .default(1),
  size: z
    .string({ error: "must be a string like 1024x1024" })
    .default("auto")
    .transform((value, ctx) => {
      const size = parseSize(value);
      if ("error" in size) {
        ctx.addIssue({ code: "custom", message: size.error });
        return z.NEVER;
      }
      return size;
    }),
  response_format: z.enum(["url", "b64_json"], { error: "must be url or b64_json" }).default("url"),
  user: identifier.optional(),
  safety_identifier: identifier.optional(),
  quality: z
    .enum(["auto", "standard"], {
      error:
        "must be auto or standard: FLUX has no quality levels here (flux-dev takes more steps than flux-schnell: choose it with model)",
    })
    .optional(),
  style: z
    .enum(AVATAR_STYLE_IDS, {
      error: `must be one of our avatar styles (${AVATAR_STYLE_IDS.join(", ")}); OpenAI's vivid and natural do not apply to avatars`,
    })
    .default(DEFAULT_STYLE),
  output_format: z.literal("png", { error: "must be png: images are made as PNG" }).optional(),
  background: z
    .literal("auto", { error: "must be auto: each avatar style draws its own background" })
    .optional(),
  moderation: z
    .literal("auto", { error: "must be auto: the providers' safety checks always apply" })
    .optional(),
  stream: z
    .literal(false, {
      error:
        "must be false: this endpoint answers once the images are ready (the native API streams progress at /api/v1/generations/{id}/events)",
    })
    .optional(),
  output_compression: unsupported("images are PNG, which is lossless"),
  partial_images: unsupported("images are not streamed"),
  complexity: unsupported("FLUX has no such setting"),
  frame_count: unsupported("images are still PNGs, not GIFs"),
  frame_duration_ms: unsupported("images are still PNGs, not GIFs"),
  svg: unsupported("images are PNG, not SVG"),
  seed: z
    .number({ error: "must be an integer" })
    .int("must be an integer")
    .min(-1, "must be -1 (random) or from 0 to 2147483647")
    .max(MAX_SEED, "must be at most 2147483647")
    .optional(),
  /** Left out: private, as every API-key request is by default (lib/generations/pipeline.ts). */
  private: z.boolean({ error: "must be true or false" }).optional(),
});

export type OpenAiImageRequest = z.output<typeof openAiImageRequestSchema>;

/** OpenAI's SDKs send `null` for "not set"; so do we read it. */
function withoutNulls(body: unknown): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null));
}

/**
 * The validated request, or a 400 in OpenAI's manner: the first problem, with `param` naming the
 * field and OpenAI's code for its kind (missing_required_parameter, unknown_parameter, invalid_value).
 */
export function parseImageRequest(body: unknown): OpenAiImageRequest {
  const input = withoutNulls(body);
  const result = openAiImageRequestSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    throw invalidParam(
      issue.keys[0] ?? null,
      `Unrecognized request argument supplied: ${issue.keys.join(", ")}`,
      "unknown_parameter",
    );
  }
  const param = issue.path.join(".") || null;
  const present = param !== null && input !== null && typeof input === "object" && param in input;
  if (param === null) throw invalidParam(null, "The body must be a JSON object.", "invalid_value");
  if (!present) {
    throw invalidParam(
      param,
      `Missing required parameter: '${param}'.`,
      "missing_required_parameter",
    );
  }
  throw invalidParam(param, `Invalid '${param}': ${issue.message}.`, "invalid_value");
}

export function invalidParam(param: string | null, message: string, code: string): ApiError {
  return new ApiError("invalid_parameters", message, { details: { param, openai_code: code } });
}
