"use client";

import { Suspense, use } from "react";
import { AVATAR_STYLES, type AvatarStyleId } from "@/lib/catalog/styles";

/** A 128 px gallery avatar per style, as a picture of what the style looks like. */
export type StyleSamples = Partial<Record<AvatarStyleId, string>>;

interface StylePickerProps {
  value: AvatarStyleId;
  onChange: (style: AvatarStyleId) => void;
  /** Streams in after the form is usable; a style without a sample shows its initial instead. */
  samples: Promise<StyleSamples>;
  error: string | undefined;
}

function Initial({ label }: { label: string }) {
  return (
    <span
      aria-hidden
      className="grid size-full place-items-center text-lg font-semibold text-muted"
    >
      {label.charAt(0)}
    </span>
  );
}

function Sample({
  samples,
  id,
  label,
}: {
  samples: Promise<StyleSamples>;
  id: AvatarStyleId;
  label: string;
}) {
  const src = use(samples)[id];
  if (!src) return <Initial label={label} />;
  return (
    <img
      src={src}
      alt=""
      width={128}
      height={128}
      loading="lazy"
      decoding="async"
      className="size-full object-cover"
    />
  );
}

export function StylePicker({ value, onChange, samples, error }: StylePickerProps) {
  return (
    <fieldset className="space-y-2" aria-describedby={error ? "generate-style-error" : undefined}>
      <legend className="text-sm font-semibold">Style</legend>
      <div className="grid grid-cols-4 gap-2 sm:grid-cols-6 lg:grid-cols-4 xl:grid-cols-6">
        {AVATAR_STYLES.map((style) => {
          const selected = style.id === value;
          return (
            <button
              key={style.id}
              type="button"
              data-testid="generate-style"
              data-style={style.id}
              aria-pressed={selected}
              onClick={() => onChange(style.id)}
              className={`group flex min-w-0 flex-col items-center gap-1 rounded-2xl border p-1.5 pb-1 text-center transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent ${
                selected
                  ? "border-accent bg-accent-soft ring-1 ring-accent"
                  : "border-border bg-surface hover:border-accent/60 hover:bg-accent-soft/50"
              }`}
            >
              <span className="block aspect-square w-full overflow-hidden rounded-xl bg-surface-2">
                <Suspense
                  fallback={<span className="block size-full animate-pulse bg-surface-2" />}
                >
                  <Sample samples={samples} id={style.id} label={style.label} />
                </Suspense>
              </span>
              <span
                className={`w-full truncate text-[11px] leading-tight font-medium sm:text-xs ${
                  selected ? "text-accent" : "text-foreground"
                }`}
              >
                {style.label}
              </span>
            </button>
          );
        })}
      </div>
      {error && (
        <p id="generate-style-error" className="text-sm text-danger">
          {error}
        </p>
      )}
    </fieldset>
  );
}
