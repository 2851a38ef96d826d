"use client";

import type { AvatarStyleId } from "@/lib/catalog/styles";
import { OFFER_GRID_CLASS, SimilarAvatarList } from "./similar-avatar-list";
import { useSimilarAvatars } from "./use-similar-avatars";

const LIMIT = 6;

/**
 * Under the prompt, while it is typed: gallery avatars that already match it, so someone who finds
 * one ready-made takes it instead of spending a generation. Nothing at all when nothing matches.
 *
 * The row opens by animating its height, never by a jump. While the first lookup's request runs, a
 * skeleton of the same size stands in, but only after a short delay: a quick answer (the usual
 * case) opens straight to the avatars, and a quick "nothing" never shows anything. Later lookups
 * keep the avatars on show, dimmed, until the new ones arrive.
 */
export function PromptSuggestions({ prompt, style }: { prompt: string; style: AvatarStyleId }) {
  const { avatars, loading, fetching } = useSimilarAvatars(prompt, style, LIMIT);
  const skeleton = fetching && avatars.length === 0;
  const open = avatars.length > 0 || skeleton;
  const count = avatars.length;

  return (
    <section
      data-testid="generate-suggestions"
      data-count={count}
      aria-labelledby={open ? "generate-suggestions-title" : undefined}
      aria-busy={loading}
      className={`grid transition-[grid-template-rows] duration-200 ease-out motion-reduce:transition-none ${
        open ? "grid-rows-[1fr]" : "grid-rows-[0fr]"
      } ${skeleton ? "delay-200" : ""}`}
    >
      <div className="min-h-0 overflow-hidden">
        {open && (
          <div className="space-y-2 pb-4">
            <h2 id="generate-suggestions-title" className="text-sm font-semibold">
              Ready-made avatars that match{" "}
              <span className="font-normal text-muted">— free, no generation needed</span>
            </h2>
            {skeleton ? (
              <ul aria-hidden className={OFFER_GRID_CLASS}>
                {Array.from({ length: LIMIT }, (_, i) => (
                  <li key={i} className="aspect-square animate-pulse rounded-2xl bg-surface-2" />
                ))}
              </ul>
            ) : (
              <div className={`transition-opacity ${loading ? "opacity-60" : ""}`}>
                <SimilarAvatarList avatars={avatars} label="Matching gallery avatars" />
              </div>
            )}
          </div>
        )}
      </div>
      {/* Said once typing pauses and the row changes, not on every key. */}
      <p aria-live="polite" className="sr-only">
        {loading
          ? ""
          : count > 0
            ? `${count} ready-made ${count === 1 ? "avatar matches" : "avatars match"} your prompt.`
            : ""}
      </p>
    </section>
  );
}
