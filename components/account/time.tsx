"use client";

import { useSyncExternalStore } from "react";
import { countdown, formatLocalTime } from "@/lib/account/format";

/**
 * One shared one-second clock. On the server (and during hydration) there is no "now" worth
 * rendering, so the snapshot is null there and the components below show only what does not
 * depend on the viewer's clock or time zone; the browser fills the rest in as it hydrates.
 */
const listeners = new Set<() => void>();
let now = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function snapshot(): number {
  // Between subscriptions nothing updates `now`: read the clock, to the second, so repeated reads
  // during one render agree (as useSyncExternalStore requires).
  if (!timer) now = Math.floor(Date.now() / 1000) * 1000;
  return now;
}

export function useNow(): number | null {
  return useSyncExternalStore(subscribe, snapshot, () => null);
}

/** A moment in the viewer's local time ("01:00 tomorrow"); UTC text until the browser takes over. */
export function LocalTime({ at, className }: { at: string; className?: string }) {
  const current = useNow();
  const text =
    current === null
      ? `${new Date(at).toISOString().slice(11, 16)} UTC`
      : formatLocalTime(at, current);
  return (
    <time dateTime={at} className={className}>
      {text}
    </time>
  );
}

/** "in 5 h 12 min", ticking. Not a live region: screen readers would hear it every second. */
export function Countdown({ to, className }: { to: string; className?: string }) {
  const current = useNow();
  if (current === null) return null;
  return <span className={className}>{countdown(to, current)}</span>;
}

/** The date and time of a past event, in the viewer's locale and zone. */
export function LocalDateTime({ at, className }: { at: string; className?: string }) {
  const current = useNow();
  const date = new Date(at);
  const text =
    current === null
      ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`
      : new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(
          date,
        );
  return (
    <time dateTime={at} className={className}>
      {text}
    </time>
  );
}

/** "01:00 tomorrow (in 5 h 12 min, midnight UTC)". */
export function ResetTime({ at, testId }: { at: string; testId?: string }) {
  const current = useNow();
  return (
    <span data-testid={testId}>
      <LocalTime at={at} className="font-medium text-foreground" />{" "}
      <span className="text-muted">
        {current === null ? "(midnight UTC)" : `(${countdown(at, current)}, midnight UTC)`}
      </span>
    </span>
  );
}

/** Whole seconds until `deadline` (epoch ms): 0 once it has passed, null before hydration. */
export function useSecondsLeft(deadline: number): number | null {
  const current = useNow();
  if (current === null) return null;
  const left = Math.ceil((deadline - current) / 1000);
  return left > 0 ? left : 0;
}
