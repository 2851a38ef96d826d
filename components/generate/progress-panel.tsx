"use client";

import { useEffect, useState } from "react";
import type { GenerationView } from "@/lib/generations/present";
import { Spinner } from "@/components/ui/spinner";
import { elapsedText, etaText, type Progress, stageText } from "./progress-model";

/** Re-renders once a second so the elapsed time and the estimate stay current between events. */
function useNow(start: number): number {
  const [now, setNow] = useState(start);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(now, start);
}

export function ProgressPanel({ view, progress }: { view: GenerationView; progress: Progress }) {
  const now = useNow(
    Math.max(progress.startedAt, progress.latest?.at ?? 0, progress.line?.latest.at ?? 0),
  );
  const stage = stageText(progress);
  const eta = etaText(progress, now);
  const percent = Math.round(progress.percent);
  const waiting = progress.stage === "waiting" || progress.stage === "queued";

  return (
    <section
      data-testid="generate-running"
      data-generation-id={view.id}
      aria-labelledby="generate-running-title"
      className="flex flex-col gap-5 rounded-3xl border border-border bg-surface p-5 sm:p-6"
    >
      <div className="flex items-center gap-3">
        <Spinner className="size-5 text-accent" />
        <h2 id="generate-running-title" className="text-lg font-semibold">
          Making your avatar
        </h2>
      </div>

      <div className="space-y-2.5">
        <div className="flex items-baseline justify-between gap-3">
          <p data-testid="generate-stage" aria-live="polite" className="font-medium">
            {stage}
          </p>
          <span aria-hidden className="text-sm text-muted tabular-nums">
            {percent}%
          </span>
        </div>
        <div
          data-testid="generate-progress"
          role="progressbar"
          aria-label="Generation progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent}% — ${stage}`}
          className="h-2.5 overflow-hidden rounded-full bg-surface-2"
        >
          <div
            className={`h-full rounded-full bg-linear-to-r from-accent to-fuchsia-500 transition-[width] duration-500 ease-out ${
              waiting && percent === 0 ? "animate-pulse" : ""
            }`}
            // A sliver while queued, so the track reads as a bar rather than an empty box.
            style={{ width: `${Math.max(percent, 2)}%` }}
          />
        </div>
        <p className="flex flex-wrap gap-x-2 gap-y-1 text-sm text-muted tabular-nums">
          <span>{elapsedText(now - progress.startedAt)} elapsed</span>
          {eta && <span>· {eta}</span>}
          {progress.reconnecting && <span>· reconnecting…</span>}
        </p>
        {progress.retrying !== null && (
          <p className="text-xs text-muted">
            The last attempt failed{progress.retrying ? ` (${progress.retrying})` : ""}; it is being
            retried automatically.
          </p>
        )}
      </div>

      <p className="line-clamp-3 rounded-2xl bg-surface-2 px-4 py-3 text-sm leading-relaxed text-muted">
        “{view.prompt}”
      </p>
    </section>
  );
}
