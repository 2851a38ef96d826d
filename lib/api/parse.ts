import type { z } from "zod";
import { ApiError, fromZodError } from "./errors";

/** Query parameters as a plain record; a repeated parameter keeps its first value. */
function firstValues(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) out[k] ??= v;
  return out;
}

/** Parses a request's query string with a zod schema; a mismatch is a 422 naming each parameter. */
export function parseSearchParams<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const result = schema.safeParse(firstValues(new URL(request.url).searchParams));
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}

// Absolute URLs have one source (lib/api/origin.ts); re-exported where the request helpers live.
export { absoluteUrl, publicOrigin, publicOriginOfHeaders } from "./origin";

const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON request body: malformed JSON is a 400 and an oversized body a 413. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_JSON_BYTES)
    throw new ApiError("payload_too_large", `The body must be at most ${MAX_JSON_BYTES} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) {
    throw new ApiError("payload_too_large", `The body must be at most ${MAX_JSON_BYTES} bytes.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "The body is not valid JSON.");
  }
}

/** A value validated against a schema; the wrong shape is a 422 naming each field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}

/** Reads a JSON request body and validates it (400 malformed, 413 oversized, 422 wrong shape). */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<z.infer<S>> {
  return parseWith(schema, await readJsonBody(request));
}
