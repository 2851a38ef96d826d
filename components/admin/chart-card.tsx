import type { ReactNode } from "react";

/**
 * One section of the admin page: a title, a headline figure, and its chart, or a quiet message
 * when the section could not load or has nothing to show yet.
 */
export function ChartCard({
  testId,
  title,
  description,
  headline,
  state,
  empty,
  children,
  footer,
}: {
  testId: string;
  title: string;
  description: string;
  headline?: ReactNode;
  /** "error" and "empty" replace the chart with `empty` (or the error) text. */
  state: "ready" | "empty" | "error";
  empty: string;
  children?: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <section
      data-testid={testId}
      data-state={state}
      aria-labelledby={`${testId}-title`}
      className="flex min-w-0 flex-col gap-4 rounded-3xl border border-border bg-surface p-5 sm:p-6"
    >
      <header className="flex items-start justify-between gap-4">
        <div className="min-w-0 flex-1 space-y-1">
          <h2 id={`${testId}-title`} className="text-lg font-semibold tracking-tight">
            {title}
          </h2>
          <p className="text-sm text-muted">{description}</p>
        </div>
        {state === "ready" && headline}
      </header>
      {state === "ready" ? (
        <div className="min-h-60">{children}</div>
      ) : (
        <p
          data-testid={`${testId}-${state}`}
          className={`grid min-h-40 place-items-center rounded-2xl bg-surface-2 px-4 text-center text-sm ${
            state === "error" ? "text-danger" : "text-muted"
          }`}
        >
          {state === "error" ? "Could not load this just now. Reload to try again." : empty}
        </p>
      )}
      {footer}
    </section>
  );
}

/** A big number with a caption, for a section's header. */
export function Headline({ value, caption }: { value: string; caption: string }) {
  return (
    <p className="shrink-0 text-right">
      <span className="block text-2xl font-semibold tabular-nums">{value}</span>
      <span className="text-xs text-muted">{caption}</span>
    </p>
  );
}
