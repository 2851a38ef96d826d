import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { openAiImageRequestSchema } from "@/lib/dialects/openai/request-schema";
import { pollinationsQuerySchema } from "@/lib/dialects/pollinations/query";
import { errors, idempotencyHeader } from "./native";

const openAiError = z
  .object({
    error: z.object({
      message: z.string(),
      type: z.string(),
      code: z.string().nullable(),
      param: z.string().nullable(),
    }),
  })
  .meta({ id: "OpenAIError", description: "OpenAI's own error shape, so its SDKs parse it." });

const openAiErrors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: "An error.", content: { "application/json": { schema: openAiError } } },
    ]),
  );

/** Refused by name, so not worth a property each in the document (the description lists them). */
const documentedOpenAiRequest = openAiImageRequestSchema.omit({
  output_compression: true,
  partial_images: true,
  complexity: true,
  frame_count: true,
  frame_duration_ms: true,
  svg: true,
});

const openAiImages = z
  .object({
    created: z.number().int(),
    data: z.array(
      z.object({
        url: z.url().optional(),
        b64_json: z.string().optional(),
        revised_prompt: z.string().optional(),
      }),
    ),
  })
  .meta({ id: "OpenAIImagesResponse" });

const openAiModels = z
  .object({
    object: z.literal("list"),
    data: z.array(
      z.object({
        id: z.string(),
        object: z.literal("model"),
        created: z.number(),
        owned_by: z.string(),
      }),
    ),
  })
  .meta({ id: "OpenAIModelList" });

/** The OpenAI-compatible and Pollinations-style dialects, on the same engine as the native API. */
export function registerDialects(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "post",
    path: "/v1/images/generations",
    tags: ["OpenAI-compatible"],
    summary: "Generate n avatars and answer once they are ready",
    description:
      "OpenAI's images API. `n` (1-4) gives n different images; `size` is `WIDTHxHEIGHT` (64-2048, multiples of 8) or `auto`. Extensions: `style`, `seed`, `private` (default true, as for every API-key request: `false` shares the images in the feed and the cache). OpenAI options that have no meaning here (`output_compression`, `partial_images`, `stream: true`, `quality: hd`, …) are refused with a 400 naming them. Requires an API key. An `Idempotency-Key` header makes a retry get the first answer again, charged once.",
    security: [{ apiKey: [] }],
    request: {
      headers: idempotencyHeader,
      body: { content: { "application/json": { schema: documentedOpenAiRequest } } },
    },
    responses: {
      200: {
        description: "The images.",
        content: { "application/json": { schema: openAiImages } },
      },
      ...openAiErrors(400, 401, 403, 404, 409, 413, 429, 503, 504),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/v1/models",
    tags: ["OpenAI-compatible"],
    summary: "The models, in OpenAI's list shape",
    responses: {
      200: {
        description: "The models.",
        content: { "application/json": { schema: openAiModels } },
      },
    },
  });
  registry.registerPath({
    method: "get",
    path: "/prompt/{prompt}",
    tags: ["Pollinations-style"],
    summary: "The image for a prompt, as PNG bytes",
    description:
      "Made on first use, then served from the cache (the default seed is 42, so the same URL is the same image). Widths and heights round to multiples of 8. `enhance=true` expands the prompt with the style's template (`X-Enhanced-Prompt`). Flagged output is a 422, never an image. `private=true` / `nofeed=true` keep it to you: out of the feed and out of everyone else's cache. That is the default with a `token` (an API key's work is private); `private=false` shares it.",
    request: {
      params: z.object({ prompt: z.string().meta({ description: "The prompt, URL-encoded." }) }),
      query: pollinationsQuerySchema,
    },
    responses: {
      200: {
        description: "The image (`X-Cache: HIT|MISS`, `ETag`, `Cache-Control`).",
        content: { "image/png": { schema: z.string().meta({ format: "binary" }) } },
      },
      304: { description: "Not modified (`If-None-Match`)." },
      ...errors(401, 403, 422, 429, 503),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/models",
    tags: ["Pollinations-style"],
    summary: "The model names a URL can use",
    responses: {
      200: {
        description: "A JSON list of names.",
        content: { "application/json": { schema: z.array(z.string()) } },
      },
    },
  });
  registry.registerPath({
    method: "get",
    path: "/feed",
    tags: ["Pollinations-style"],
    summary: "Server-Sent Events: public avatars as they are made",
    description:
      "Replays the last 20 public generations on connect, then each new one (`prompt`, `model`, `seed`, `width`, `height`, `imageURL`), with a heartbeat. Never private ones. Browsers asking for HTML get the /feed page instead.",
    responses: {
      200: {
        description: "An event stream.",
        content: { "text/event-stream": { schema: z.string() } },
      },
    },
  });
}
