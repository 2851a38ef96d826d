import { query } from "@/lib/db";

/**
 * The admin page's figures from Postgres: aggregates over the last hours of `generations` and
 * `generation_requests`, each one index range scan (see the admin dashboard indexes migration).
 * Hours are UTC, and every hour of the window is present (zero when nothing happened), oldest first.
 */

export interface Window {
  /** Start of the first hour (inclusive). */
  from: Date;
  /** End of the last hour (exclusive): the start of the hour after `now`. */
  to: Date;
  hours: number;
}

const HOUR_MS = 3_600_000;

/** The `hours` whole UTC hours up to and including the current one. */
export function hourWindow(now: Date, hours: number): Window {
  const to = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS);
  return { from: new Date(to.getTime() - hours * HOUR_MS), to, hours };
}

function hoursOf(window: Window): string[] {
  return Array.from({ length: window.hours }, (_, i) =>
    new Date(window.from.getTime() + i * HOUR_MS).toISOString(),
  );
}

export interface OutcomesPerHour {
  /** Failure codes seen in the window, most frequent first. */
  codes: string[];
  rows: { hour: string; succeeded: number; failed: Record<string, number> }[];
  totals: { succeeded: number; failed: number };
}

/** Generations that ended in each hour, by outcome: succeeded, or failed by error_code. */
export async function outcomesPerHour(window: Window): Promise<OutcomesPerHour> {
  const found = await query<{ hour: Date; status: string; code: string | null; n: number }>(
    `select date_trunc('hour', completed_at, 'UTC') as hour, status, error_code as code,
            count(*)::int as n
     from public.generations
     where completed_at >= $1 and completed_at < $2 and status in ('succeeded', 'failed')
     group by 1, 2, 3`,
    [window.from, window.to],
  );
  const rows = hoursOf(window).map((hour) => ({
    hour,
    succeeded: 0,
    failed: {} as Record<string, number>,
  }));
  const byHour = new Map(rows.map((row) => [row.hour, row]));
  const byCode = new Map<string, number>();
  for (const r of found) {
    const row = byHour.get(r.hour.toISOString());
    if (!row) continue;
    if (r.status === "succeeded") {
      row.succeeded += r.n;
      continue;
    }
    const code = r.code ?? "unknown";
    row.failed[code] = (row.failed[code] ?? 0) + r.n;
    byCode.set(code, (byCode.get(code) ?? 0) + r.n);
  }
  const codes = [...byCode].sort((a, b) => b[1] - a[1]).map(([code]) => code);
  const succeeded = rows.reduce((n, row) => n + row.succeeded, 0);
  const failed = [...byCode.values()].reduce((n, count) => n + count, 0);
  return { codes, rows, totals: { succeeded, failed } };
}

export interface CachePerHour {
  rows: { hour: string; hits: number; misses: number }[];
  totals: { hits: number; misses: number };
}

/**
 * Requests answered from the cache against those charged, per hour. A request with no charged day
 * was a hit (or joined an identical generation in flight: no provider call either way).
 */
export async function cachePerHour(window: Window): Promise<CachePerHour> {
  const found = await query<{ hour: Date; hits: number; total: number }>(
    `select date_trunc('hour', created_at, 'UTC') as hour,
            count(*) filter (where charged_day is null)::int as hits, count(*)::int as total
     from public.generation_requests
     where created_at >= $1 and created_at < $2
     group by 1`,
    [window.from, window.to],
  );
  const byHour = new Map(found.map((r) => [r.hour.toISOString(), r]));
  const rows = hoursOf(window).map((hour) => {
    const r = byHour.get(hour);
    return { hour, hits: r?.hits ?? 0, misses: (r?.total ?? 0) - (r?.hits ?? 0) };
  });
  const totals = rows.reduce((t, r) => ({ hits: t.hits + r.hits, misses: t.misses + r.misses }), {
    hits: 0,
    misses: 0,
  });
  return { rows, totals };
}

export interface ProviderShare {
  providers: { provider: string; generations: number }[];
  /** Generations of the window whose provider calls went to more than one provider. */
  failovers: number;
}

/** Which provider made the generations that succeeded in the window. */
export async function providerShare(window: Window): Promise<ProviderShare> {
  const providers = await query<{ provider: string; generations: number }>(
    `select coalesce(provider, 'unknown') as provider, count(*)::int as generations
     from public.generations
     where completed_at >= $1 and completed_at < $2 and status = 'succeeded'
     group by 1 order by 2 desc, 1`,
    [window.from, window.to],
  );
  return { providers, failovers: await failovers(window) };
}

/** The generations of the window with calls to more than one provider (the spend ledger). */
async function failovers(window: Window): Promise<number> {
  const [row] = await query<{ failovers: number }>(
    `select count(*)::int as failovers from (
       select generation_id from public.provider_calls
       where submitted_at >= $1 and submitted_at < $2 and generation_id is not null
       group by 1 having count(distinct provider) > 1
     ) f`,
    [window.from, window.to],
  );
  return row?.failovers ?? 0;
}
