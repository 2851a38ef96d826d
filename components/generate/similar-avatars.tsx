"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { fetchSimilarAvatars } from "@/components/gallery/fetch-similar";
import type { GalleryAvatar } from "@/lib/gallery/types";
import { OFFER_GRID_CLASS, SimilarAvatarList } from "./similar-avatar-list";

const LIMIT = 6;

/** The newest avatars of a style: something to offer when nothing in the gallery is like the prompt. */
async function newestOfStyle(style: string, signal: AbortSignal): Promise<GalleryAvatar[]> {
  const params = new URLSearchParams({ style, limit: String(LIMIT) });
  const response = await fetch(`/api/v1/gallery?${params}`, {
    signal,
    headers: { accept: "application/json" },
  });
  if (!response.ok) throw new Error(`gallery answered ${response.status}`);
  const body: unknown = await response.json();
  const data = typeof body === "object" && body !== null && "data" in body ? body.data : null;
  return Array.isArray(data) ? (data as GalleryAvatar[]) : [];
}

type State = { kind: "loading" } | { kind: "ready"; avatars: GalleryAvatar[] } | { kind: "error" };

/**
 * Gallery avatars like the one that could not be made (failed, or the quota is spent): the same
 * lookup as the suggestions while typing, else the newest of the same style, since here the visit
 * should not end empty-handed.
 */
export function SimilarAvatars({ style, prompt }: { style: string; prompt: string }) {
  const [state, setState] = useState<State>({ kind: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      let avatars = await fetchSimilarAvatars({ prompt, style, limit: LIMIT }, controller.signal);
      if (avatars.length === 0) avatars = await newestOfStyle(style, controller.signal);
      setState({ kind: "ready", avatars });
    })().catch(() => {
      if (!controller.signal.aborted) setState({ kind: "error" });
    });
    return () => controller.abort();
  }, [style, prompt]);

  return (
    <section
      data-testid="generate-similar"
      aria-labelledby="generate-similar-title"
      aria-busy={state.kind === "loading"}
      className="space-y-3"
    >
      <h3 id="generate-similar-title" className="text-sm font-semibold">
        Similar avatars from the gallery
      </h3>
      {state.kind === "error" ? (
        <p className="text-sm text-muted">The gallery is unavailable as well, sorry.</p>
      ) : state.kind === "ready" && state.avatars.length === 0 ? (
        <p className="text-sm text-muted">
          Nothing similar yet.{" "}
          <Link href="/gallery" className="font-medium text-accent hover:underline">
            Browse the whole gallery
          </Link>
          .
        </p>
      ) : state.kind === "loading" ? (
        <ul aria-hidden className={OFFER_GRID_CLASS}>
          {Array.from({ length: LIMIT }, (_, i) => (
            <li key={i} className="aspect-square animate-pulse rounded-2xl bg-surface-2" />
          ))}
        </ul>
      ) : (
        <SimilarAvatarList avatars={state.avatars} label="Similar avatars from the gallery" />
      )}
    </section>
  );
}
