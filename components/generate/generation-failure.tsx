"use client";

import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import type { GenerationView } from "@/lib/generations/present";
import { SimilarAvatars } from "./similar-avatars";

interface GenerationFailureProps {
  /** A failed generation (with error), or null when the generation itself could not be loaded. */
  view: GenerationView | null;
  message: string;
  onRetry: (() => void) | null;
  submitting: boolean;
}

/**
 * What a person reads for failures whose raw message is written for operators (it names providers and
 * HTTP statuses); that message stays one click away under "Details", for a support request.
 */
const PLAIN_WORDS: Partial<Record<string, string>> = {
  providers_unavailable:
    "Our image services are down right now, so no avatar was made and nothing was saved. Please try again in a few minutes.",
  providers_busy:
    "Our image services are at capacity right now, so no avatar was made and nothing was saved. Please try again in a few minutes.",
};

export function GenerationFailure({ view, message, onRetry, submitting }: GenerationFailureProps) {
  const plain = view?.error ? PLAIN_WORDS[view.error.code] : undefined;
  return (
    <section
      data-testid="generate-error"
      data-generation-id={view?.id}
      aria-labelledby="generate-error-title"
      className="space-y-5 rounded-3xl border border-danger/30 bg-surface p-5 sm:p-6"
    >
      <div role="alert" className="space-y-2">
        <h2 id="generate-error-title" className="text-lg font-semibold text-danger">
          {view ? "We couldn’t make this avatar" : "We couldn’t load this avatar"}
        </h2>
        <p className="leading-relaxed">{plain ?? message}</p>
        {plain && (
          <details className="text-sm text-muted">
            <summary className="cursor-pointer">Details</summary>
            <p className="mt-1 break-words">{message}</p>
          </details>
        )}
        {view && <p className="line-clamp-2 text-sm text-muted">Prompt: “{view.prompt}”</p>}
      </div>
      {onRetry && (
        <Button onClick={onRetry} disabled={submitting} className="h-11 w-full sm:w-auto">
          {submitting && <Spinner />}
          Try again
        </Button>
      )}
      {view && <SimilarAvatars key={view.id} style={view.style} prompt={view.prompt} />}
    </section>
  );
}
