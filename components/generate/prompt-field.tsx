"use client";

import type { ReactNode, Ref } from "react";
import { PROMPT_MAX_LENGTH } from "./form-validation";

/**
 * Each names traits the built-in local generator reads (hair colour, eyewear, mood, beard, skin,
 * background), so picking one visibly changes the picture even without a cloud model.
 */
export const EXAMPLE_PROMPTS = [
  "smiling explorer with red hair and round glasses on a teal background",
  "serious detective with black hair and a beard on a navy background",
  "cheerful astronaut with pink hair and sunglasses on a lavender background",
  "calm gardener with blonde hair and tan skin on a mint background",
] as const;

interface PromptFieldProps {
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  textareaRef: Ref<HTMLTextAreaElement>;
  /** Shown right under the box, above the examples: what the gallery has for the prompt so far. */
  suggestions?: ReactNode;
}

export function PromptField({
  value,
  error,
  onChange,
  textareaRef,
  suggestions,
}: PromptFieldProps) {
  const length = value.trim().length;
  const over = length > PROMPT_MAX_LENGTH;
  return (
    <div className="space-y-2">
      <div className="flex items-baseline justify-between gap-3">
        <label htmlFor="generate-prompt" className="text-sm font-semibold">
          Prompt
        </label>
        <span
          id="generate-prompt-count"
          className={`text-xs tabular-nums ${over ? "font-semibold text-danger" : "text-muted"}`}
        >
          {length.toLocaleString("en-US")} / {PROMPT_MAX_LENGTH.toLocaleString("en-US")}
          <span className="sr-only"> characters</span>
        </span>
      </div>
      <textarea
        ref={textareaRef}
        id="generate-prompt"
        name="prompt"
        data-testid="generate-prompt"
        rows={4}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder="Describe the avatar: who it is, hair, glasses, mood, background colour…"
        aria-invalid={error ? true : undefined}
        aria-describedby={`generate-prompt-count${error ? " generate-prompt-error" : ""}`}
        className={`block w-full resize-y rounded-2xl border bg-surface px-4 py-3 text-base leading-relaxed shadow-xs transition-colors placeholder:text-muted/80 focus:outline-2 focus:outline-offset-2 focus:outline-accent sm:text-sm ${
          error ? "border-danger" : "border-border"
        }`}
      />
      {error && (
        <p id="generate-prompt-error" className="text-sm text-danger">
          {error}
        </p>
      )}
      {/* One block with the examples: closed, the suggestions add no gap to the field's spacing. */}
      <div>
        {suggestions}
        <div className="space-y-1.5">
          <p className="text-xs text-muted">Try an example:</p>
          <ul className="flex flex-wrap gap-1.5">
            {EXAMPLE_PROMPTS.map((example) => (
              <li key={example} className="max-w-full">
                <button
                  type="button"
                  title={example}
                  onClick={() => onChange(example)}
                  className="max-w-full truncate rounded-full border border-dashed border-border px-3 py-1 text-left text-xs text-muted transition-colors hover:border-accent hover:bg-accent-soft hover:text-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
                >
                  {example}
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
