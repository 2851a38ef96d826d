import type { ReactNode } from "react";

/** Small pieces the account page's client components share. */

export const DANGER_BUTTON =
  "inline-flex h-10 items-center justify-center gap-2 rounded-full bg-danger px-5 text-sm font-medium text-background transition-colors hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-danger disabled:pointer-events-none disabled:opacity-50";

/** A small text button for destructive actions (Delete, Revoke) that open a ConfirmDialog. */
export const DANGER_TEXT_BUTTON =
  "inline-flex h-8 shrink-0 items-center justify-center rounded-full border border-danger/30 px-3 text-sm font-medium text-danger transition-colors hover:bg-danger-soft focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-danger disabled:pointer-events-none disabled:opacity-50";

/** A small neutral text button beside DANGER_TEXT_BUTTON (Rotate webhook secret). */
export const TEXT_BUTTON =
  "inline-flex h-8 shrink-0 items-center justify-center rounded-full border border-border px-3 text-sm font-medium transition-colors hover:bg-surface-2 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:pointer-events-none disabled:opacity-50";

const PILL = "inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium";

/** A status label: "ok" green, "busy" accent, "bad" red, "off" grey. */
export function StatusPill({
  tone,
  children,
}: {
  tone: "ok" | "busy" | "bad" | "off";
  children: ReactNode;
}) {
  const tones = {
    ok: "bg-emerald-500/15 text-emerald-700 dark:text-emerald-300",
    busy: "bg-accent-soft text-accent",
    bad: "bg-danger-soft text-danger",
    off: "bg-surface-2 text-muted",
  };
  return <span className={`${PILL} ${tones[tone]}`}>{children}</span>;
}
