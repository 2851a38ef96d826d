"use client";

import type { ReactNode } from "react";
import { StyleLicence } from "@/components/gallery/style-licence";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import type { GenerationView } from "@/lib/generations/present";
import { getAvatarStyle, isAvatarStyleId } from "@/lib/catalog/styles";
import type { CacheStatus } from "./generation-api";
import { GenerationDownloads } from "./generation-downloads";
import { GenerationImage } from "./generation-image";
import { PROVIDER_NAMES } from "./progress-model";

interface GenerationResultProps {
  view: GenerationView;
  cache: CacheStatus;
  onVariation: () => void;
  submitting: boolean;
}

const MODEL_NAMES: Record<string, string> = {
  "flux-schnell": "FLUX.1 [schnell]",
  "flux-dev": "FLUX.1 [dev]",
};

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex gap-3 py-1.5">
      <dt className="w-16 shrink-0 text-muted">{term}</dt>
      <dd className="min-w-0 tabular-nums">{children}</dd>
    </div>
  );
}

export function GenerationResult({ view, cache, onVariation, submitting }: GenerationResultProps) {
  const images = view.images;
  const styleId = isAvatarStyleId(view.style) ? view.style : null;
  const providerName = view.provider ? PROVIDER_NAMES[view.provider] : undefined;
  // The model only describes the picture when a FLUX provider made it; the local generator has none.
  const model = view.provider && view.provider !== "local" ? MODEL_NAMES[view.model] : undefined;

  return (
    <article
      data-testid="generate-result"
      data-generation-id={view.id}
      data-provider={view.provider ?? ""}
      data-fallback={view.fallback?.generator ?? ""}
      data-cache={cache}
      aria-labelledby="generate-result-title"
      className="grid gap-5 rounded-3xl border border-border bg-surface p-4 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)] sm:gap-6 sm:p-6 lg:grid-cols-1 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]"
    >
      <div className="space-y-3">
        {images ? (
          <GenerationImage
            key={view.id}
            images={images}
            alt={view.prompt}
            className="rounded-2xl border border-border"
          />
        ) : (
          <div className="grid aspect-square place-items-center rounded-2xl bg-surface-2 text-sm text-muted">
            No image was stored.
          </div>
        )}
        <Button
          data-testid="generate-variation"
          onClick={onVariation}
          disabled={submitting}
          className="h-11 w-full"
        >
          {submitting ? <Spinner /> : <span aria-hidden>↻</span>}
          Generate a variation
        </Button>
      </div>

      <div className="flex min-w-0 flex-col gap-5">
        <header className="space-y-2">
          <h2 id="generate-result-title" className="text-xl font-semibold tracking-tight">
            Your {styleId ? getAvatarStyle(styleId).label : ""} avatar
          </h2>
          <div className="flex flex-wrap gap-1.5">
            {providerName && <Badge tone="accent">Made by {providerName}</Badge>}
            {cache === "HIT" && (
              <Badge>
                <span aria-hidden>⚡</span> Served from cache
              </Badge>
            )}
          </div>
        </header>

        {view.fallback && (
          <p
            data-testid="generate-fallback"
            className="rounded-xl border border-amber-500/30 bg-amber-500/10 px-3 py-2 text-sm"
          >
            {view.fallback.message}
          </p>
        )}

        <dl className="divide-y divide-border text-sm">
          <Detail term="Prompt">
            <span className="break-words">{view.prompt}</span>
          </Detail>
          <Detail term="Seed">{view.seed}</Detail>
          <Detail term="Size">
            {view.width} × {view.height} px
          </Detail>
          {model && <Detail term="Model">{model}</Detail>}
        </dl>

        {images && <GenerationDownloads view={view} images={images} />}
        {styleId && <StyleLicence styleId={styleId} />}
      </div>
    </article>
  );
}
