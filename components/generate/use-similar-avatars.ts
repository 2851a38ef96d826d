"use client";

import { useEffect, useState } from "react";
import { fetchSimilarAvatars } from "@/components/gallery/fetch-similar";
import type { GalleryAvatar } from "@/lib/gallery/types";
import { PROMPT_MAX_LENGTH } from "./form-validation";

/** Typing pauses this long before a lookup: one request per pause, not one per key. */
export const SUGGEST_DEBOUNCE_MS = 300;
/** Fewer characters than this say too little to look anything up. */
export const SUGGEST_MIN_LENGTH = 3;

export interface Suggestions {
  /** What the last lookup found, kept on show while the next one runs, so the row never flickers. */
  avatars: GalleryAvatar[];
  /** The current prompt's lookup is waiting for its debounce or its answer. */
  loading: boolean;
  /** Its request is on the wire (past the debounce): the only wait worth a skeleton. */
  fetching: boolean;
}

interface Found {
  key: string | null;
  avatars: GalleryAvatar[];
}

/**
 * Gallery avatars like the prompt being typed, looked up once typing pauses. A newer prompt aborts
 * the older one's request, so a slow answer never replaces a newer one. A failed lookup shows
 * nothing: suggestions are a bonus, never an error to read.
 */
export function useSimilarAvatars(prompt: string, style: string, limit: number): Suggestions {
  // The API takes what a generation takes; past that the form says the prompt is too long anyway.
  const text = prompt.trim().slice(0, PROMPT_MAX_LENGTH);
  const key = text.length >= SUGGEST_MIN_LENGTH ? JSON.stringify([text, style, limit]) : null;
  const [found, setFound] = useState<Found>({ key: null, avatars: [] });
  const [requested, setRequested] = useState<string | null>(null);
  // Below the minimum the row is gone, and what it showed must not come back with the next word.
  if (key === null && found.avatars.length > 0) setFound({ key: null, avatars: [] });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    const settle = (avatars: GalleryAvatar[]) => {
      if (!controller.signal.aborted) setFound({ key, avatars });
    };
    const timer = setTimeout(() => {
      setRequested(key);
      fetchSimilarAvatars({ prompt: text, style, limit }, controller.signal).then(settle, () =>
        settle([]),
      );
    }, SUGGEST_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, text, style, limit]);

  const loading = key !== null && found.key !== key;
  return {
    avatars: key === null ? [] : found.avatars,
    loading,
    fetching: loading && requested === key,
  };
}
