import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { galleryIdSchema, galleryQuerySchema, similarQuerySchema } from "@/lib/gallery/schema";
import { generationInputSchema } from "@/lib/generations/input-schema";
import {
  errorSchema,
  galleryAvatarSchema,
  galleryPageSchema,
  queuedGenerationSchema,
  similarAvatarsSchema,
} from "./schemas";

const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** The error answers every native route can give, by status. */
export function errors(...statuses: number[]) {
  const what: Record<number, string> = {
    400: "The request could not be read (e.g. malformed JSON).",
    401: "Missing, unknown, revoked or expired API key.",
    403: "The tier does not include this model or size.",
    404: "Nothing at this id.",
    409: "A request with the same `Idempotency-Key` is still running: retry after `Retry-After`.",
    413: "The body is too large.",
    422: "A parameter is invalid (`details` names each one), or the `Idempotency-Key` was used with another body.",
    429: "Rate limit or daily quota spent: see `Retry-After`, `RateLimit` / `RateLimit-Policy` (the `minute` and `day` policies), `X-RateLimit-*` (per minute) and `X-RateLimit-*-Day`.",
    503: "A backing service or every image provider is down: retry after `Retry-After`.",
  };
  return Object.fromEntries(statuses.map((s) => [s, json(errorSchema, what[s] ?? "Error.")]));
}

const generationId = z.object({ id: z.uuid().meta({ description: "The generation's id." }) });

/** The header that makes a POST that creates generations safe to retry (lib/generations/idempotency.ts). */
export const idempotencyHeader = z.object({
  "Idempotency-Key": z.string().min(1).max(255).optional().meta({
    description:
      "Any string up to 255 printable characters (a UUID is a good choice). The same key with the same body within 24 hours replays the first answer (`Idempotent-Replayed: true`) without charging again; with another body it is a 422 `idempotency_key_reused`.",
  }),
});

/** The native async jobs API and the gallery. */
export function registerNative(registry: OpenAPIRegistry): void {
  const bearer: Record<string, string[]>[] = [{ apiKey: [] }, {}];
  registry.registerPath({
    method: "post",
    path: "/api/v1/generations",
    tags: ["Generations"],
    summary: "Request an avatar",
    description:
      "Normalizes the request and looks it up in the cache index: a hit answers 200 with the image at once and is free. Otherwise the request is charged to the account's daily quota (and the key's own limit, if it has one), queued (identical requests in flight share one job) and answered 202 with `RateLimit-Policy` / `RateLimit` for the `minute` and `day` policies; follow `events_url` (SSE) or poll `GET /api/v1/generations/{id}`. With an `Idempotency-Key`, a retry within 24 hours gets the first answer again (`Idempotent-Replayed: true`), charged once. With an API key a request is private unless it sends `private: false`; from the browser it is public unless it sends `private: true`. A private request never shares the cache with anyone else's: it may be generated again even though someone made the same image publicly. A session or visitor cookie must come with this site's `Origin` (403 `csrf_rejected` otherwise); API keys need none.",
    security: bearer,
    request: {
      headers: idempotencyHeader,
      body: { content: { "application/json": { schema: generationInputSchema } } },
    },
    responses: {
      200: json(queuedGenerationSchema, "Cache hit: the image exists already (`X-Cache: HIT`)."),
      202: json(
        queuedGenerationSchema,
        "Queued (`X-Cache: MISS`); `Location` names the status URL.",
      ),
      ...errors(400, 401, 403, 409, 413, 422, 429, 503),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/generations/{id}",
    tags: ["Generations"],
    summary: "A generation's status, and its images once done",
    description:
      "A public generation answers anyone (`Cache-Control: public, max-age=60` once done). A private one answers only its owner, the account (its session or any of its API keys) or visitor that asked for it, with `Cache-Control: private, no-store`; anyone else gets the same 404 as for an id that does not exist.",
    security: bearer,
    request: { params: generationId },
    responses: {
      200: json(queuedGenerationSchema, "The generation."),
      ...errors(401, 404, 503),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/generations/{id}/events",
    tags: ["Generations"],
    summary: "Server-Sent Events: queue position, progress, then the result",
    description:
      "Events `queued` (with `queue_position`), `progress` (`stage`, `percent`), `retrying`, then `succeeded` or `failed` with the generation. Every event carries the full state, so a reconnect (with `Last-Event-ID`) needs no replay. A private generation's stream is its owner's only, as the generation is.",
    security: bearer,
    request: { params: generationId },
    responses: {
      200: {
        description: "An event stream.",
        content: { "text/event-stream": { schema: z.string() } },
      },
      ...errors(401, 404),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/gallery",
    tags: ["Gallery"],
    summary: "List gallery avatars, newest first",
    request: { query: galleryQuerySchema },
    responses: {
      200: json(galleryPageSchema, "One page, and the cursor to the next."),
      ...errors(422),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/gallery/similar",
    tags: ["Gallery"],
    summary: "Gallery avatars like a prompt",
    description:
      "Ready-made avatars that match a prompt, to offer before spending a generation: the requested style first, then ranked by shared words (full text, stems and tags) and shared letters (trigram similarity, so a word cut short or mistyped still matches). Nothing comes back when nothing is really alike. Free (never counted against a quota) and cacheable for 60 s.",
    request: { query: similarQuerySchema },
    responses: {
      200: json(similarAvatarsSchema, "Up to `limit` avatars, best first."),
      ...errors(422),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/gallery/{id}",
    tags: ["Gallery"],
    summary: "One gallery avatar",
    request: { params: z.object({ id: galleryIdSchema }) },
    responses: { 200: json(galleryAvatarSchema, "The avatar."), ...errors(404) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/health",
    tags: ["Operations"],
    summary: "Readiness of the database, Redis and storage",
    responses: {
      200: { description: "Everything is up." },
      503: { description: "Something is down: `down` names it." },
    },
  });
}
