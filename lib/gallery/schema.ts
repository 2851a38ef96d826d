import { z } from "zod";
import { AVATAR_STYLE_IDS } from "@/lib/catalog/styles";
import { PROMPT_MAX_LENGTH } from "@/lib/generations/input-schema";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "@/lib/api/text";
import { decodeCursor } from "./cursor";
import { VARIANT_SIZES } from "@/lib/catalog/image-sizes";

export const GALLERY_DEFAULT_LIMIT = 24;
export const GALLERY_MAX_LIMIT = 100;
export const GALLERY_MAX_QUERY_LENGTH = 200;
export const SIMILAR_DEFAULT_LIMIT = 6;
export const SIMILAR_MAX_LIMIT = 12;

const styleParam = z
  .enum(AVATAR_STYLE_IDS, { error: `must be one of: ${AVATAR_STYLE_IDS.join(", ")}` })
  .optional();

/** Query parameters of GET /api/v1/gallery (and the /gallery page's search params). */
export const galleryQuerySchema = z.object({
  style: styleParam,
  q: z
    .string()
    .trim()
    .max(GALLERY_MAX_QUERY_LENGTH, `must be at most ${GALLERY_MAX_QUERY_LENGTH} characters`)
    .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE)
    .optional()
    .transform((q) => (q === "" ? undefined : q)),
  cursor: z
    .string()
    .refine((c) => decodeCursor(c) !== null, "is not a cursor returned by this API")
    .optional(),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int("must be an integer")
    .min(1, "must be at least 1")
    .max(GALLERY_MAX_LIMIT, `must be at most ${GALLERY_MAX_LIMIT}`)
    .default(GALLERY_DEFAULT_LIMIT),
});

export type GalleryQuery = z.infer<typeof galleryQuerySchema>;

/** Query parameters of GET /api/v1/gallery/similar: avatars like a prompt someone is about to generate. */
export const similarQuerySchema = z.object({
  // The generation prompt's own limit: anything the generate form accepts can be looked up.
  prompt: z
    .string({ error: "is required" })
    .trim()
    .min(1, "must not be empty")
    .max(PROMPT_MAX_LENGTH, `must be at most ${PROMPT_MAX_LENGTH} characters`)
    .meta({
      description: "The prompt, as typed so far.",
      example: "smiling astronaut with red hair",
    }),
  style: styleParam.meta({ description: "Avatars of this style come first." }),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int("must be an integer")
    .min(1, "must be at least 1")
    .max(SIMILAR_MAX_LIMIT, `must be at most ${SIMILAR_MAX_LIMIT}`)
    .default(SIMILAR_DEFAULT_LIMIT),
});

export type SimilarQuery = z.infer<typeof similarQuerySchema>;

export const galleryIdSchema = z.coerce
  .number({ error: "must be a number" })
  .int()
  .min(1)
  .max(Number.MAX_SAFE_INTEGER);

export const downloadQuerySchema = z.object({
  size: z.coerce
    .number()
    .pipe(z.literal(VARIANT_SIZES, { error: `must be one of ${VARIANT_SIZES.join(", ")}` }))
    .default(1024),
  format: z.enum(["webp", "png"], { error: "must be webp or png" }).default("webp"),
});
