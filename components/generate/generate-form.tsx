"use client";

import { type FormEvent, type KeyboardEvent, type Ref } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import type { LimitsView } from "@/lib/account/types";
import type { AvatarStyleId } from "@/lib/catalog/styles";
import { AdvancedOptions } from "./advanced-options";
import type { FieldErrors, FormDraft } from "./form-validation";
import { LocalGeneratorNote } from "./local-generator-note";
import { PromptField } from "./prompt-field";
import { PromptSuggestions } from "./prompt-suggestions";
import type { RequestProblem } from "./refusals";
import { RequestProblemNotice } from "./request-problem";
import { type StyleSamples, StylePicker } from "./style-picker";
import { TierLine } from "./tier-line";

export type { RequestProblem };

interface GenerateFormProps {
  draft: FormDraft;
  onDraftChange: (patch: Partial<FormDraft>) => void;
  errors: FieldErrors;
  problem: RequestProblem | null;
  submitting: boolean;
  onSubmit: () => void;
  advancedOpen: boolean;
  onAdvancedToggle: (open: boolean) => void;
  localGeneratorOnly: boolean;
  styleSamples: Promise<StyleSamples>;
  promptRef: Ref<HTMLTextAreaElement>;
  /** The visitor's tier and today's usage; null while loading or when it could not be read. */
  limits: LimitsView | null;
}

export function GenerateForm(props: GenerateFormProps) {
  const { draft, onDraftChange, errors, problem, submitting, onSubmit } = props;

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (!submitting) onSubmit();
  }

  // Cmd+Enter (macOS) or Ctrl+Enter anywhere in the form, the textarea included.
  function handleKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      if (!submitting) onSubmit();
    }
  }

  return (
    <form
      noValidate
      aria-label="Generate an avatar"
      onSubmit={handleSubmit}
      onKeyDown={handleKeyDown}
      className="space-y-6"
    >
      {props.localGeneratorOnly && <LocalGeneratorNote />}
      <PromptField
        value={draft.prompt}
        error={errors.prompt}
        onChange={(prompt) => onDraftChange({ prompt })}
        textareaRef={props.promptRef}
        suggestions={<PromptSuggestions prompt={draft.prompt} style={draft.style} />}
      />
      <StylePicker
        value={draft.style}
        onChange={(style: AvatarStyleId) => onDraftChange({ style })}
        samples={props.styleSamples}
        error={errors.style}
      />
      <AdvancedOptions
        open={props.advancedOpen}
        onToggle={props.onAdvancedToggle}
        size={draft.size}
        onSizeChange={(size) => onDraftChange({ size })}
        model={draft.model}
        onModelChange={(model) => onDraftChange({ model })}
        limits={props.limits}
        seed={draft.seed}
        onSeedChange={(seed) => onDraftChange({ seed })}
        errors={errors}
      />
      {problem && <RequestProblemNotice problem={problem} />}
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-4">
        <Button
          type="submit"
          data-testid="generate-submit"
          disabled={submitting}
          className="h-12 w-full px-8 text-base sm:w-auto"
        >
          {submitting && <Spinner />}
          {submitting ? "Sending…" : "Generate"}
        </Button>
        <p className="hidden text-xs text-muted sm:block">
          or press <kbd className="rounded border border-border bg-surface-2 px-1 font-sans">⌘</kbd>{" "}
          / <kbd className="rounded border border-border bg-surface-2 px-1 font-sans">Ctrl</kbd> +{" "}
          <kbd className="rounded border border-border bg-surface-2 px-1 font-sans">Enter</kbd>
        </p>
      </div>
      <TierLine limits={props.limits} />
    </form>
  );
}
