import "server-only";
import { logger } from "@/lib/observability/log";
import { PRIORITY, type PriorityClass } from "@/lib/queue/contract";
import { queueSnapshots } from "@/lib/queue/depth";
import { cachePerHour, hourWindow, outcomesPerHour, providerShare } from "./generation-stats";
import { budgetAlertsNow, spendThisMonth, topAccountsToday } from "./spend-stats";

const log = logger("admin");

/** Hours the charts cover, ending with the current hour. */
export const DASHBOARD_HOURS = 24;

export interface QueueDepthNow {
  /** Waiting generation jobs per lane, in priority order. */
  lanes: { lane: string; waiting: number }[];
  queues: { queue: string; waiting: number; active: number; delayed: number; failed: number }[];
}

async function queueDepthNow(): Promise<QueueDepthNow> {
  const snapshots = await queueSnapshots();
  const generations = snapshots.find((s) => s.queue === "generations");
  const order = [...(Object.keys(PRIORITY) as PriorityClass[]), "other" as const];
  return {
    lanes: order.map((lane) => ({ lane, waiting: generations?.lanes?.[lane] ?? 0 })),
    queues: snapshots.map(({ queue, states }) => ({
      queue,
      waiting: (states.waiting ?? 0) + (states.prioritized ?? 0),
      active: states.active ?? 0,
      delayed: states.delayed ?? 0,
      failed: states.failed ?? 0,
    })),
  };
}

/**
 * The admin page's sections, each loaded on its own: one that fails (Redis down for the queues)
 * shows its error while the others still show. A new chart is a loader here plus a component in
 * components/admin/ (the spend and budget sections slot in the same way).
 */
const SECTIONS = {
  outcomes: (now: Date) => outcomesPerHour(hourWindow(now, DASHBOARD_HOURS)),
  cache: (now: Date) => cachePerHour(hourWindow(now, DASHBOARD_HOURS)),
  providers: (now: Date) => providerShare(hourWindow(now, DASHBOARD_HOURS)),
  queues: () => queueDepthNow(),
  spend: (now: Date) => spendThisMonth(now),
  topAccounts: (now: Date) => topAccountsToday(now),
  alerts: (now: Date) => budgetAlertsNow(now),
};

type Sections = typeof SECTIONS;
export type SectionResult<T> = { ok: true; data: T } | { ok: false; error: string };
export type Dashboard = {
  [K in keyof Sections]: SectionResult<Awaited<ReturnType<Sections[K]>>>;
} & { generatedAt: string };

export async function loadDashboard(now = new Date()): Promise<Dashboard> {
  const names = Object.keys(SECTIONS) as (keyof Sections)[];
  const settled = await Promise.allSettled(names.map((name) => SECTIONS[name](now)));
  const dashboard: Record<string, SectionResult<unknown>> = {};
  for (const [i, name] of names.entries()) {
    const result = settled[i]!;
    if (result.status === "fulfilled") {
      dashboard[name] = { ok: true, data: result.value };
    } else {
      log.warn({ section: name, err: result.reason }, "admin dashboard section failed");
      dashboard[name] = { ok: false, error: "Could not load this just now." };
    }
  }
  return { ...(dashboard as Omit<Dashboard, "generatedAt">), generatedAt: now.toISOString() };
}
