import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "@/lib/api/error-codes";
import { AVATAR_STYLE_IDS } from "@/lib/catalog/styles";
import { MODEL_IDS } from "@/lib/catalog/models";

/**
 * Response shapes for the OpenAPI document. The request schemas are the handlers' own; these describe
 * what they answer, and e2e/openapi.spec.ts parses live responses with them so they cannot drift.
 */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      doc_url: z.url().meta({ description: "Absolute link to this code's explanation." }),
      details: z.unknown().optional(),
      request_id: z.string().optional(),
    }),
  })
  .meta({ id: "Error", description: "The one error shape of the native API (see /docs/errors)." });

const webpSizes = z.object({
  "128": z.url().optional(),
  "256": z.url().optional(),
  "512": z.url().optional(),
  "1024": z.url().optional(),
});

export const generationViewSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(["queued", "running", "succeeded", "failed"]),
    prompt: z.string(),
    style: z.enum(AVATAR_STYLE_IDS),
    model: z.enum(MODEL_IDS),
    width: z.number().int(),
    height: z.number().int(),
    seed: z.number().int(),
    provider: z.enum(["fal", "replicate", "local"]).nullable(),
    private: z.boolean().meta({
      description:
        "Only its owner (the session, or any API key of the same account) can read it, it is never in the feed, and nobody else is served it from the cache. API-key requests are private unless they send `private: false`.",
    }),
    images: z
      .object({
        png: z.url().meta({ description: "The original at the generated size." }),
        webp: webpSizes.meta({ description: "One WebP per standard size up to the original's." }),
        variants_pending: z.boolean(),
      })
      .nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    fallback: z
      .object({ generator: z.literal("local"), reason: z.literal("budget"), message: z.string() })
      .nullable()
      .meta({
        description:
          "Set when the built-in generator made the image in place of FLUX because the service's image budget is spent (anonymous and free requests).",
      }),
    events_url: z.url(),
    created_at: z.iso.datetime(),
    completed_at: z.iso.datetime().nullable(),
  })
  .meta({ id: "Generation" });

export const queuedGenerationSchema = generationViewSchema
  .extend({
    queue_position: z
      .number()
      .int()
      .nullable()
      .meta({ description: "Jobs ahead of this one; null on a cache hit." }),
  })
  .meta({ id: "GenerationTicket" });

export const galleryAvatarSchema = z
  .object({
    id: z.number().int(),
    style: z.enum(AVATAR_STYLE_IDS),
    prompt: z.string(),
    tags: z.array(z.string()),
    seed: z.number().int(),
    width: z.number().int(),
    height: z.number().int(),
    blur_data_url: z.string().startsWith("data:"),
    images: z.object({
      webp: webpSizes.required(),
      png: z.url(),
    }),
    created_at: z.iso.datetime(),
  })
  .meta({ id: "GalleryAvatar" });

export const galleryPageSchema = z
  .object({ data: z.array(galleryAvatarSchema), next_cursor: z.string().nullable() })
  .meta({ id: "GalleryPage" });

export const similarAvatarsSchema = z
  .object({
    data: z
      .array(galleryAvatarSchema)
      .meta({ description: "Best first; empty when nothing in the gallery is alike." }),
  })
  .meta({ id: "SimilarAvatars" });
