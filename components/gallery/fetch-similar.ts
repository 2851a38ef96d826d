import type { GalleryAvatar } from "@/lib/gallery/types";

export interface SimilarRequest {
  prompt: string;
  style?: string;
  limit?: number;
}

function avatarsOf(body: unknown): GalleryAvatar[] | null {
  if (typeof body !== "object" || body === null || !("data" in body)) return null;
  return Array.isArray(body.data) ? (body.data as GalleryAvatar[]) : null;
}

/** GET /api/v1/gallery/similar: gallery avatars like a prompt, best first (maybe none). */
export async function fetchSimilarAvatars(
  request: SimilarRequest,
  signal: AbortSignal,
): Promise<GalleryAvatar[]> {
  const params = new URLSearchParams({ prompt: request.prompt });
  if (request.style) params.set("style", request.style);
  if (request.limit) params.set("limit", String(request.limit));
  const response = await fetch(`/api/v1/gallery/similar?${params}`, {
    signal,
    headers: { accept: "application/json" },
  });
  const avatars = response.ok ? avatarsOf(await response.json().catch(() => null)) : null;
  if (!avatars) throw new Error(`similar avatars answered ${response.status}`);
  return avatars;
}
