/**
 * Shared look of the admin charts. Fixed colours that read on both themes; text takes the theme's
 * muted colour through a class (SVG fill), so axes follow light and dark mode.
 */
export const AXIS = {
  tick: { className: "fill-muted text-xs" },
  tickLine: false,
  axisLine: false,
} as const;

export const GRID_CLASS = "stroke-border";

export const SUCCESS = "#7c5cff";
export const MUTED_BAR = "#a9a6b8";
export const FAILURE_COLORS = ["#e5484d", "#f76b15", "#ffb224", "#d6409f", "#8e4ec6", "#78716c"];
export const SERIES_COLORS = ["#7c5cff", "#12a594", "#f76b15", "#0090ff", "#d6409f", "#78716c"];

/** "14:00" for an hour's ISO start (UTC, as the data is). */
export function hourLabel(iso: string): string {
  return `${iso.slice(11, 13)}:00`;
}

/** "4 Dec 14:00 UTC" for a tooltip. */
export function hourTitle(iso: string): string {
  const date = new Date(iso);
  const day = date.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  return `${day} ${hourLabel(iso)}–${String((date.getUTCHours() + 1) % 24).padStart(2, "0")}:00 UTC`;
}

export const TOOLTIP = {
  contentStyle: {
    background: "var(--surface)",
    border: "1px solid var(--border)",
    borderRadius: 12,
    color: "var(--foreground)",
    fontSize: 12,
  },
  cursor: { fill: "var(--surface-2)" },
} as const;

/** "$0.012" below ten dollars (provider calls cost fractions of a cent), "$123.45" above. */
export const usd = (n: number) => `$${n < 10 ? n.toFixed(3) : n.toFixed(2)}`;
