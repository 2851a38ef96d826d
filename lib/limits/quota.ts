import { query } from "@/lib/db";

/** The UTC day a charge counts against, as Postgres `date` text (YYYY-MM-DD). */
export function utcDay(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** When today's quota resets: the next midnight UTC. */
export function quotaResetsAt(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** Generations charged to `subject` on `day` (today by default). */
export async function usageOf(subject: string, day = utcDay()): Promise<number> {
  const rows = await query<{ count: number }>(
    "select count from public.daily_usage where subject = $1 and day = $2",
    [subject, day],
  );
  return rows[0]?.count ?? 0;
}
