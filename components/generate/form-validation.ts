// The API's own schema, from the module that is safe to bundle for the browser.
import { generationInputSchema } from "@/lib/generations/input-schema";
import type { AvatarStyleId } from "@/lib/catalog/styles";
import type { ModelId } from "@/lib/catalog/models";

export { DEFAULT_STYLE, PROMPT_MAX_LENGTH } from "@/lib/generations/input-schema";

/** The fields the form shows; width and height are one square "size" control. */
export type FormField = "prompt" | "style" | "size" | "seed";
export type FieldErrors = Partial<Record<FormField, string>>;

/** What the form holds: the seed is the raw text so "1.5" or "abc" can be reported, not dropped. */
export interface FormDraft {
  prompt: string;
  style: AvatarStyleId;
  size: number;
  seed: string;
  model: ModelId;
}

/** The POST body; privacy, and the model unless another is chosen, are left to the API's defaults. */
export interface SubmitInput {
  prompt: string;
  style: AvatarStyleId;
  width: number;
  height: number;
  seed?: number;
  model?: ModelId;
}

const LABELS: Record<FormField, string> = {
  prompt: "Prompt",
  style: "Style",
  size: "Size",
  seed: "Seed",
};

function fieldOf(path: string): FormField | null {
  if (path === "width" || path === "height") return "size";
  return path === "prompt" || path === "style" || path === "seed" ? path : null;
}

/**
 * Zod issues (client side) and the API's 422 `details` share one shape, so both end up as the same
 * inline messages: "Prompt must be at most 1000 characters".
 */
export function fieldErrorsFromIssues(issues: readonly unknown[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    if (typeof issue !== "object" || issue === null) continue;
    const path = "path" in issue ? issue.path : undefined;
    const message = "message" in issue ? issue.message : undefined;
    const key = Array.isArray(path) ? String(path[0] ?? "") : String(path ?? "");
    const field = fieldOf(key);
    if (field && typeof message === "string") errors[field] ??= `${LABELS[field]} ${message}`;
  }
  return errors;
}

export type Validation = { ok: true; input: SubmitInput } | { ok: false; errors: FieldErrors };

/** Runs the API's own schema, so the form never accepts what the server would reject (or vice versa). */
export function validateDraft(draft: FormDraft): Validation {
  const seed = draft.seed.trim();
  const result = generationInputSchema.safeParse({
    prompt: draft.prompt,
    style: draft.style,
    width: draft.size,
    height: draft.size,
    // Empty means random; "" would otherwise coerce to seed 0.
    seed: seed === "" ? undefined : seed,
    model: draft.model,
  });
  if (!result.success) return { ok: false, errors: fieldErrorsFromIssues(result.error.issues) };
  const { prompt, style, width, height, model } = result.data;
  const input: SubmitInput = { prompt, style, width, height };
  if (model !== "flux-schnell") input.model = model;
  if (result.data.seed !== undefined && result.data.seed !== -1) input.seed = result.data.seed;
  return { ok: true, input };
}
