"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { GalleryAvatar, GalleryPage } from "@/lib/gallery/types";
import { fetchGalleryPage, GalleryFetchError } from "./fetch-gallery-page";
import type { GalleryFilters } from "./gallery-url";

export type FeedStatus = "idle" | "loading" | "error";

/**
 * The avatars shown for one set of filters: the server-rendered first page, then keyset pages from
 * the API. The owner remounts it (via `key`) when the filters change, so state never mixes filters.
 */
export function useGalleryFeed(initialPage: GalleryPage, filters: GalleryFilters, limit: number) {
  const [items, setItems] = useState<GalleryAvatar[]>(initialPage.data);
  const [cursor, setCursor] = useState<string | null>(initialPage.next_cursor);
  const [status, setStatus] = useState<FeedStatus>("idle");
  const [error, setError] = useState<string | null>(null);
  const inflight = useRef<AbortController | null>(null);
  const { style, q } = filters;

  const loadMore = useCallback(async () => {
    if (cursor === null || inflight.current) return;
    const controller = new AbortController();
    inflight.current = controller;
    setStatus("loading");
    try {
      const page = await fetchGalleryPage({ style, q, cursor, limit }, controller.signal);
      // Keyset pages should not overlap, but a row inserted between requests must not show twice.
      setItems((prev) => {
        const seen = new Set(prev.map((a) => a.id));
        return [...prev, ...page.data.filter((a) => !seen.has(a.id))];
      });
      setCursor(page.next_cursor);
      setError(null);
      setStatus("idle");
    } catch (e) {
      if (controller.signal.aborted) return;
      setError(e instanceof GalleryFetchError ? e.message : "Something went wrong.");
      setStatus("error");
    } finally {
      if (inflight.current === controller) inflight.current = null;
    }
  }, [cursor, style, q, limit]);

  useEffect(() => () => inflight.current?.abort(), []);

  return { items, hasMore: cursor !== null, status, error, loadMore };
}
