import type { ErrorBody } from "@/lib/api/errors";
import type { GalleryPage } from "@/lib/gallery/types";
import type { GalleryFilters } from "./gallery-url";

export class GalleryFetchError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "GalleryFetchError";
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const { error } = value;
  return typeof error === "object" && error !== null && "message" in error && "code" in error;
}

function isGalleryPage(value: unknown): value is GalleryPage {
  return (
    typeof value === "object" &&
    value !== null &&
    "data" in value &&
    Array.isArray(value.data) &&
    "next_cursor" in value &&
    (value.next_cursor === null || typeof value.next_cursor === "string")
  );
}

const UNAVAILABLE = "The gallery is temporarily unavailable.";

/** One page of GET /api/v1/gallery, with the API's error body turned into a readable message. */
export async function fetchGalleryPage(
  filters: GalleryFilters & { cursor: string; limit: number },
  signal: AbortSignal,
): Promise<GalleryPage> {
  const params = new URLSearchParams({ cursor: filters.cursor, limit: String(filters.limit) });
  if (filters.style) params.set("style", filters.style);
  if (filters.q) params.set("q", filters.q);

  let response: Response;
  try {
    response = await fetch(`/api/v1/gallery?${params}`, {
      signal,
      headers: { accept: "application/json" },
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new GalleryFetchError("You appear to be offline.", "network_error");
  }

  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isErrorBody(body)) {
      const message = body.error.code === "service_unavailable" ? UNAVAILABLE : body.error.message;
      throw new GalleryFetchError(message, body.error.code);
    }
    throw new GalleryFetchError(UNAVAILABLE, `http_${response.status}`);
  }
  if (!isGalleryPage(body)) throw new GalleryFetchError(UNAVAILABLE, "bad_response");
  return body;
}
