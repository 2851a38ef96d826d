import type { z } from "zod";
import { env } from "@/lib/env";
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

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/;

/** APP_URL when set, else `protocol//host` for a well-formed Host header, else `fallback`. */
function originOf(protocol: string, host: string | null, fallback: string): string {
  const configured = env().appUrl;
  if (configured) return configured;
  return host && HOST.test(host) ? `${protocol}//${host}` : fallback;
}

/**
 * The origin clients reach the app at: APP_URL when set (needed behind a TLS-terminating proxy),
 * otherwise the Host the request was sent to. Not request.url: Next builds that from its own bind
 * hostname, so a client of http://127.0.0.1:3000 would be handed localhost URLs.
 */
export function publicOrigin(request: Request): string {
  const url = new URL(request.url);
  return originOf(url.protocol, request.headers.get("host"), url.origin);
}

/** The same for a page, which has its request's headers but no Request (Server Components). */
export function publicOriginOfHeaders(headers: Headers): string {
  const protocol = headers.get("x-forwarded-proto") === "https" ? "https:" : "http:";
  return originOf(protocol, headers.get("host"), "http://localhost:3000");
}

/**
 * Root-relative URLs become absolute against the public origin (of `at`, the request being
 * answered, or an origin recorded earlier), so API clients can fetch them as is.
 */
export function absoluteUrl(url: string, at: Request | string): string {
  if (!url.startsWith("/")) return url;
  return `${typeof at === "string" ? at : publicOrigin(at)}${url}`;
}

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
