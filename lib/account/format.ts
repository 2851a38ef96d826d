// Words and numbers for limits, quotas and countdowns, shared by /account and /generate. Pure and
// client-safe: every function takes the current time (and, where it matters, the time zone) as input.
import type { LimitsView } from "./types";

import { modelName } from "@/lib/catalog/models";

/** 20000 → "20,000": the same in every locale, so server and client render alike. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/**
 * A duration as people say it: "5 h 12 min", "8 min 5 s" (seconds only below ten minutes), "45 s".
 * Rounded up to the second, so a countdown reads "1 s" rather than "0 s" until the moment has come.
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return m < 10 && s > 0 ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}

/** "in 5 h 12 min", or "now" once the moment has passed. */
export function countdown(target: Date | string, now: number): string {
  const ms = new Date(target).getTime() - now;
  return ms > 0 ? `in ${formatDuration(ms)}` : "now";
}

function localDate(date: Date, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(date);
}

/**
 * A moment in the viewer's local time, with the day when it is not today: "01:00 tomorrow",
 * "19:00", "Mon 24 Nov, 01:00". `timeZone` is for tests; browsers use their own.
 */
export function formatLocalTime(
  target: Date | string,
  now: number,
  options: { timeZone?: string; locale?: string } = {},
): string {
  const date = new Date(target);
  const time = new Intl.DateTimeFormat(options.locale, {
    timeZone: options.timeZone,
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
  const today = localDate(new Date(now), options.timeZone);
  const day = localDate(date, options.timeZone);
  if (day === today) return time;
  const tomorrow = localDate(new Date(now + 24 * 3600_000), options.timeZone);
  if (day === tomorrow) return `${time} tomorrow`;
  const dayName = new Intl.DateTimeFormat(options.locale, {
    timeZone: options.timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
  }).format(date);
  return `${dayName}, ${time}`;
}

/** The one-line summary under the generate form: "Free: 10 a day · 7 left · up to 1280 px · FLUX schnell". */
export function limitsSummary(view: LimitsView): string[] {
  return [
    `${view.tier.name}: ${formatCount(view.limits.daily_quota)} a day`,
    `${formatCount(view.usage.remaining)} left`,
    `up to ${view.limits.max_size} px`,
    view.limits.allowed_models.map(modelName).join(" and "),
  ];
}

/** "7 of 10 today" (the meter's visible label). */
export function usageLabel(used: number, quota: number): string {
  return `${formatCount(used)} of ${formatCount(quota)} today`;
}

/**
 * Where a refused or curious visitor goes next: anonymous visitors sign in (the free tier's quota
 * comes with an account), everyone else reads how upgrades work. Null at the top tier.
 */
export function upgradeLink(
  tier: string,
  upgrade: LimitsView["upgrade"] | undefined,
): { href: string; label: string } | null {
  if (tier === "enterprise") return null;
  if (tier === "anonymous") {
    return {
      href: "/signin?next=/generate",
      label: upgrade ? `Sign in for ${formatCount(upgrade.daily_quota)} a day` : "Sign in for more",
    };
  }
  return {
    href: "/account#upgrade",
    label: upgrade ? `How to get ${upgrade.name}` : "How to upgrade",
  };
}
