"use client";

import { useEffect, useRef, useState } from "react";
import type { GenerationView } from "@/lib/generations/present";
import { isAvatarStyleId } from "@/lib/catalog/styles";
import { isModelId } from "@/lib/catalog/models";
import { SIZE_OPTIONS } from "./advanced-options";
import {
  DEFAULT_STYLE,
  type FieldErrors,
  type FormDraft,
  type SubmitInput,
  validateDraft,
} from "./form-validation";
import { GenerateForm, type RequestProblem } from "./generate-form";
import { OutputPanel } from "./output-panel";
import type { QuotaRefusal } from "./quota-spent";
import { RecentStrip } from "./recent-strip";
import { problemFrom, quotaDetails } from "./refusals";
import type { StyleSamples } from "./style-picker";
import { useGeneration } from "./use-generation";
import { useTierLimits } from "./use-tier-limits";

interface GenerateStudioProps {
  localGeneratorOnly: boolean;
  styleSamples: Promise<StyleSamples>;
}

const INITIAL_DRAFT: FormDraft = {
  prompt: "",
  style: DEFAULT_STYLE,
  size: 1024,
  seed: "",
  model: "flux-schnell",
};

/** On phones the output sits below the form; bring it into view once there is something to watch. */
function revealOutput(element: HTMLElement | null) {
  if (!element || !window.matchMedia("(max-width: 1023px)").matches) return;
  requestAnimationFrame(() => element.scrollIntoView({ behavior: "smooth", block: "start" }));
}

function inputFromView(view: GenerationView): SubmitInput | null {
  if (!isAvatarStyleId(view.style)) return null;
  const input: SubmitInput = {
    prompt: view.prompt,
    style: view.style,
    width: view.width,
    height: view.height,
  };
  if (isModelId(view.model) && view.model !== "flux-schnell") input.model = view.model;
  return input;
}

export function GenerateStudio({ localGeneratorOnly, styleSamples }: GenerateStudioProps) {
  const { phase, submitting, generate, reopen } = useGeneration();
  const [draft, setDraft] = useState<FormDraft>(INITIAL_DRAFT);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<RequestProblem | null>(null);
  // Today's quota spent: the output panel says so (with the reset time and similar avatars).
  const [quotaRefusal, setQuotaRefusal] = useState<QuotaRefusal | null>(null);
  const { limits, refresh: refreshLimits } = useTierLimits();
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [lastInput, setLastInput] = useState<SubmitInput | null>(null);
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const outputRef = useRef<HTMLDivElement>(null);

  function showErrors(next: FieldErrors) {
    setErrors(next);
    if (next.size || next.seed) setAdvancedOpen(true);
    if (next.prompt) promptRef.current?.focus();
  }

  async function run(input: SubmitInput) {
    setProblem(null);
    setLastInput(input);
    const refused = await generate(input);
    // Whatever happened, "N left" may have changed.
    refreshLimits();
    if (!refused) {
      setQuotaRefusal(null);
      return revealOutput(outputRef.current);
    }
    const quota = quotaDetails(refused);
    if (quota) {
      setQuotaRefusal({ quota, prompt: input.prompt, style: input.style });
      return revealOutput(outputRef.current);
    }
    if (Object.keys(refused.fields).length > 0) showErrors(refused.fields);
    else setProblem(problemFrom(refused, limits));
  }

  // A generation that failed was refunded: show the count with the charge given back.
  const finishedStatus = phase.kind === "finished" ? `${phase.view.id}:${phase.view.status}` : null;
  useEffect(() => {
    if (finishedStatus?.endsWith(":failed")) refreshLimits();
  }, [finishedStatus, refreshLimits]);

  function submit() {
    const result = validateDraft(draft);
    if (!result.ok) return showErrors(result.errors);
    setErrors({});
    void run(result.input);
  }

  function variation(view: GenerationView) {
    const input = inputFromView(view);
    if (!input) return;
    // The form shows what made the variation, so the next edit starts from it.
    setDraft((d) => ({
      prompt: input.prompt,
      style: input.style,
      size: (SIZE_OPTIONS as readonly number[]).includes(input.width) ? input.width : d.size,
      seed: "",
      model: input.model ?? "flux-schnell",
    }));
    setErrors({});
    void run(input);
  }

  function retry(view: GenerationView | null) {
    const fromView = view ? inputFromView(view) : null;
    // The request as sent (it may carry the user's seed), unless the failure on show is another one.
    const same =
      lastInput &&
      fromView &&
      lastInput.prompt === fromView.prompt &&
      lastInput.style === fromView.style &&
      lastInput.width === fromView.width;
    const input = same ? lastInput : (fromView ?? lastInput);
    if (input) void run(input);
  }

  function open(id: string) {
    setQuotaRefusal(null);
    reopen(id);
    revealOutput(outputRef.current);
  }

  function changeDraft(patch: Partial<FormDraft>) {
    setDraft((d) => ({ ...d, ...patch }));
    // An edited field's old message no longer describes it.
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch)) delete next[key as keyof FieldErrors];
      return next;
    });
  }

  const activeId =
    phase.kind === "running" || phase.kind === "finished"
      ? phase.view.id
      : phase.kind === "loading"
        ? phase.id
        : null;

  return (
    <div className="space-y-12">
      <div className="grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)] lg:gap-10">
        <GenerateForm
          draft={draft}
          onDraftChange={changeDraft}
          errors={errors}
          problem={problem}
          submitting={submitting}
          onSubmit={submit}
          advancedOpen={advancedOpen}
          onAdvancedToggle={setAdvancedOpen}
          localGeneratorOnly={localGeneratorOnly}
          styleSamples={styleSamples}
          promptRef={promptRef}
          limits={limits}
        />
        {/* Sticky on desktop: the form is taller than most screens, and the progress started by the
            button at its bottom must be visible without scrolling back up. */}
        <div
          ref={outputRef}
          className="scroll-mt-20 lg:sticky lg:top-20 lg:max-h-[calc(100dvh-6rem)] lg:self-start lg:overflow-y-auto"
        >
          <OutputPanel
            phase={phase}
            submitting={submitting}
            onVariation={variation}
            onRetry={retry}
            quotaRefusal={quotaRefusal}
            limits={limits}
          />
        </div>
      </div>
      <RecentStrip activeId={activeId} onOpen={open} />
    </div>
  );
}
