import type { z } from "zod";
import { fromZodError } from "./errors";
import { firstValues } from "@/lib/gallery/schema";

/** Parses a request's query string with a zod schema; a mismatch is a 422 naming each parameter. */
export function parseSearchParams<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const result = schema.safeParse(firstValues(new URL(request.url).searchParams));
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}

/** Root-relative URLs become absolute against the request, so API clients can fetch them as is. */
export function absoluteUrl(url: string, request: Request): string {
  return url.startsWith("/") ? new URL(url, request.url).toString() : url;
}
