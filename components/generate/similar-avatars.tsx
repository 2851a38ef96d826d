"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { AvatarImage } from "@/components/gallery/avatar-image";
import { avatarHref } from "@/components/gallery/gallery-url";
import type { GalleryAvatar } from "@/lib/gallery/types";

const LIMIT = 6;
const STOPWORDS = new Set(
  "a an and the with on in of for to at by from as is are wearing has have very".split(" "),
);

/**
 * A few telling words of the prompt. Gallery search ANDs its words, so more than three rarely
 * matches anything; short and filler words only narrow it without adding meaning.
 */
export function searchWords(prompt: string): string {
  const words = prompt.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words
    .filter((w) => w.length > 2 && !STOPWORDS.has(w))
    .slice(0, 3)
    .join(" ");
}

async function fetchAvatars(
  params: URLSearchParams,
  signal: AbortSignal,
): Promise<GalleryAvatar[]> {
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

/** Gallery avatars like the one that failed: same style and prompt words, else the same style. */
export function SimilarAvatars({ style, prompt }: { style: string; prompt: string }) {
  const [state, setState] = useState<State>({ kind: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    const base = { style, limit: String(LIMIT) };
    const q = searchWords(prompt);
    (async () => {
      let avatars = q
        ? await fetchAvatars(new URLSearchParams({ ...base, q }), controller.signal)
        : [];
      if (avatars.length === 0)
        avatars = await fetchAvatars(new URLSearchParams(base), controller.signal);
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
      ) : (
        <ul className="grid grid-cols-3 gap-2 sm:grid-cols-6 lg:grid-cols-3 xl:grid-cols-6">
          {state.kind === "loading"
            ? Array.from({ length: LIMIT }, (_, i) => (
                <li key={i} className="aspect-square animate-pulse rounded-2xl bg-surface-2" />
              ))
            : state.avatars.map((avatar) => (
                <li key={avatar.id}>
                  <Link
                    href={avatarHref(avatar.id)}
                    title={avatar.prompt}
                    className="block overflow-hidden rounded-2xl border border-border bg-surface transition hover:-translate-y-0.5 hover:shadow-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
                  >
                    <AvatarImage
                      avatar={avatar}
                      alt={avatar.prompt}
                      variants={[128, 256]}
                      sizes="(min-width: 1280px) 80px, (min-width: 1024px) 120px, (min-width: 640px) 16vw, 33vw"
                    />
                  </Link>
                </li>
              ))}
        </ul>
      )}
    </section>
  );
}
