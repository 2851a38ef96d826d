"use client";

import type { ReactNode } from "react";
import type { LimitsView } from "@/lib/account/types";
import type { GenerationView } from "@/lib/generations/present";
import { Spinner } from "@/components/ui/spinner";
import type { Phase } from "./generation-state";
import { GenerationFailure } from "./generation-failure";
import { GenerationResult } from "./generation-result";
import { ProgressPanel } from "./progress-panel";
import { type QuotaRefusal, QuotaSpent } from "./quota-spent";

interface OutputPanelProps {
  phase: Phase;
  submitting: boolean;
  onVariation: (view: GenerationView) => void;
  onRetry: (view: GenerationView | null) => void;
  /** Today's quota is spent: shown instead of the phase until the next request gets through. */
  quotaRefusal?: QuotaRefusal | null;
  limits?: LimitsView | null;
}

function announcement(phase: Phase): string {
  if (phase.kind === "finished")
    return phase.view.status === "succeeded" ? "Your avatar is ready." : "The generation failed.";
  return phase.kind === "unavailable" ? phase.message : "";
}

function Placeholder({ busy, children }: { busy: boolean; children: ReactNode }) {
  return (
    <div
      aria-busy={busy}
      className="grid min-h-72 place-items-center rounded-3xl border border-dashed border-border bg-surface/50 p-8 text-center lg:aspect-square lg:min-h-0"
    >
      {children}
    </div>
  );
}

/** Everything right of (or, on phones, below) the form: empty, loading, running, result or failure. */
export function OutputPanel(props: OutputPanelProps) {
  const { phase, quotaRefusal } = props;
  return (
    <>
      {/* Kept mounted, so screen readers hear the outcome without focus being moved. */}
      <p aria-live="polite" className="sr-only">
        {quotaRefusal ? "" : announcement(phase)}
      </p>
      {quotaRefusal ? (
        <QuotaSpent refusal={quotaRefusal} limits={props.limits ?? null} />
      ) : (
        <PhaseOutput {...props} />
      )}
    </>
  );
}

function PhaseOutput({ phase, submitting, onVariation, onRetry }: OutputPanelProps) {
  return (
    <>
      {phase.kind === "idle" &&
        (submitting ? (
          <Placeholder busy>
            <p className="flex items-center gap-2 text-muted">
              <Spinner /> Sending your request…
            </p>
          </Placeholder>
        ) : (
          <Placeholder busy={false}>
            <div className="max-w-xs space-y-2">
              <div
                aria-hidden
                className="mx-auto grid size-16 place-items-center rounded-2xl bg-accent-soft text-2xl text-accent"
              >
                ✦
              </div>
              <p className="font-medium">Your avatar will appear here</p>
              <p className="text-sm text-muted">
                Describe it, pick a style and press Generate. It usually takes a few seconds.
              </p>
            </div>
          </Placeholder>
        ))}
      {phase.kind === "loading" && (
        <Placeholder busy>
          <p className="flex items-center gap-2 text-muted">
            <Spinner /> Loading that avatar…
          </p>
        </Placeholder>
      )}
      {phase.kind === "running" && <ProgressPanel view={phase.view} progress={phase.progress} />}
      {phase.kind === "finished" && phase.view.status === "succeeded" && (
        <GenerationResult
          view={phase.view}
          cache={phase.cache}
          submitting={submitting}
          onVariation={() => onVariation(phase.view)}
        />
      )}
      {phase.kind === "finished" && phase.view.status === "failed" && (
        <GenerationFailure
          view={phase.view}
          message={phase.view.error?.message ?? "The generation failed."}
          submitting={submitting}
          onRetry={() => onRetry(phase.view)}
        />
      )}
      {phase.kind === "unavailable" && (
        <GenerationFailure
          view={null}
          message={phase.message}
          submitting={submitting}
          onRetry={null}
        />
      )}
    </>
  );
}
