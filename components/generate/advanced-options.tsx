"use client";

import Link from "next/link";
import { modelName } from "@/lib/catalog/models";
import type { LimitsView } from "@/lib/account/types";
import type { ModelId } from "@/lib/catalog/models";

/** Square sizes on offer; those above the visitor's tier maximum are shown but disabled. */
export const SIZE_OPTIONS = [256, 512, 768, 1024, 1536, 2048] as const;

interface AdvancedOptionsProps {
  open: boolean;
  onToggle: (open: boolean) => void;
  size: number;
  onSizeChange: (size: number) => void;
  model: ModelId;
  onModelChange: (model: ModelId) => void;
  seed: string;
  onSeedChange: (seed: string) => void;
  errors: { size?: string; seed?: string };
  /** What the visitor's tier allows; null until known (then nothing is disabled: the API decides). */
  limits: LimitsView | null;
}

/** "Premium", or whichever tier comes next, for "larger sizes come with …". */
function nextTierName(limits: LimitsView): string {
  return limits.upgrade && limits.upgrade.tier !== "free" ? limits.upgrade.name : "Premium";
}

const control =
  "block h-10 w-full rounded-xl border bg-surface px-3 text-base shadow-xs focus:outline-2 focus:outline-offset-2 focus:outline-accent sm:text-sm";

export function AdvancedOptions(props: AdvancedOptionsProps) {
  const { open, onToggle, size, onSizeChange, seed, onSeedChange, errors, limits } = props;
  const maxSize = limits?.limits.max_size ?? null;
  const tooBig = (option: number) => maxSize !== null && option > maxSize;
  const hasLockedSizes = SIZE_OPTIONS.some(tooBig);
  const allowedModels = limits?.limits.allowed_models ?? null;
  const modelChoice = allowedModels !== null && allowedModels.length > 1;
  // Premium is the next step for sizes and FLUX dev from both anonymous and free: an account first.
  const upgradeHref = "/account#upgrade";
  const describedBy = [
    hasLockedSizes ? "generate-size-hint" : null,
    errors.size ? "generate-size-error" : null,
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <details
      open={open}
      // onToggle also fires when React sets `open`, so it reports the element's state, not a flip.
      onToggle={(event) => onToggle(event.currentTarget.open)}
      className="group rounded-2xl border border-border bg-surface"
    >
      <summary className="flex cursor-pointer list-none items-center justify-between gap-2 rounded-2xl px-4 py-3 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent [&::-webkit-details-marker]:hidden">
        <span>
          Advanced
          <span className="ml-2 font-normal text-muted">
            {size} × {size}
            {props.model !== "flux-schnell" ? `, ${modelName(props.model)}` : ""}
            {seed.trim() ? `, seed ${seed.trim()}` : ", random seed"}
          </span>
        </span>
        <svg
          aria-hidden
          viewBox="0 0 16 16"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.75"
          strokeLinecap="round"
          strokeLinejoin="round"
          className="size-4 text-muted transition-transform group-open:rotate-180"
        >
          <path d="m4 6 4 4 4-4" />
        </svg>
      </summary>
      <div className="grid gap-4 border-t border-border px-4 py-4 sm:grid-cols-2">
        <div className="space-y-1.5">
          <label htmlFor="generate-size" className="text-sm font-medium">
            Size
          </label>
          <select
            id="generate-size"
            data-testid="generate-size"
            value={size}
            onChange={(event) => onSizeChange(Number(event.target.value))}
            aria-invalid={errors.size ? true : undefined}
            aria-describedby={describedBy || undefined}
            className={`${control} ${errors.size ? "border-danger" : "border-border"}`}
          >
            {SIZE_OPTIONS.map((option) => (
              <option key={option} value={option} disabled={tooBig(option)}>
                {option} × {option} px{tooBig(option) && limits ? ` (${nextTierName(limits)})` : ""}
              </option>
            ))}
          </select>
          {hasLockedSizes && limits && (
            <p
              id="generate-size-hint"
              data-testid="generate-size-hint"
              className="text-xs text-muted"
            >
              The {limits.tier.name} tier makes up to {limits.limits.max_size} px.{" "}
              <Link href={upgradeHref} className="font-medium text-accent hover:underline">
                Larger sizes come with {nextTierName(limits)}
              </Link>
              .
            </p>
          )}
          {errors.size && (
            <p id="generate-size-error" className="text-sm text-danger">
              {errors.size}
            </p>
          )}
        </div>
        <div className="space-y-1.5">
          <label htmlFor="generate-seed" className="text-sm font-medium">
            Seed
          </label>
          <input
            id="generate-seed"
            data-testid="generate-seed"
            // Text, not type=number: a number input reports "1.5e" or "abc" as an empty value, which
            // would silently mean "random" instead of showing the schema's message.
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={seed}
            onChange={(event) => onSeedChange(event.target.value)}
            placeholder="Random"
            aria-invalid={errors.seed ? true : undefined}
            aria-describedby={`generate-seed-help${errors.seed ? " generate-seed-error" : ""}`}
            className={`${control} tabular-nums ${errors.seed ? "border-danger" : "border-border"}`}
          />
          {errors.seed && (
            <p id="generate-seed-error" className="text-sm text-danger">
              {errors.seed}
            </p>
          )}
          <p id="generate-seed-help" className="text-xs text-muted">
            Leave empty for a new image each time. The same prompt, style, size and seed always give
            the same avatar.
          </p>
        </div>
        {modelChoice ? (
          <div className="space-y-1.5 sm:col-span-2">
            <label htmlFor="generate-model" className="text-sm font-medium">
              Model
            </label>
            <select
              id="generate-model"
              data-testid="generate-model"
              value={props.model}
              onChange={(event) => props.onModelChange(event.target.value as ModelId)}
              className={`${control} border-border`}
            >
              {allowedModels.map((id) => (
                <option key={id} value={id}>
                  {modelName(id)}
                  {id === "flux-schnell"
                    ? " (fast)"
                    : id === "flux-dev"
                      ? " (more detail, slower)"
                      : ""}
                </option>
              ))}
            </select>
          </div>
        ) : (
          limits && (
            <p data-testid="generate-model-note" className="text-xs text-muted sm:col-span-2">
              Model: {modelName(allowedModels?.[0] ?? "flux-schnell")}.{" "}
              {allowedModels?.includes("flux-dev") ? null : (
                <>
                  FLUX dev comes with Premium and Enterprise.{" "}
                  <Link href={upgradeHref} className="font-medium text-accent hover:underline">
                    How to upgrade
                  </Link>
                </>
              )}
            </p>
          )
        )}
      </div>
    </details>
  );
}
