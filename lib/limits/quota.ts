import { ApiError } from "@/lib/api/errors";
import type { TierLimits } from "@/lib/auth/types";
import { type Queryable, query } from "@/lib/db";
import type { PgRow } from "@/lib/db/database.types";
import { recordRejection } from "@/lib/observability/metrics";

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

/** Generations charged on `day` to each of `subjects`; a subject with no charge is left out. */
export async function usageBySubject(
  subjects: string[],
  day = utcDay(),
): Promise<Map<string, number>> {
  if (subjects.length === 0) return new Map();
  const rows = await query<Pick<PgRow<"daily_usage">, "subject" | "count">>(
    "select subject, count from public.daily_usage where day = $1 and subject = any($2::text[])",
    [day, subjects],
  );
  return new Map(rows.map((r) => [r.subject, r.count]));
}

/** Charges `needed` generations in one statement that only succeeds when all of them fit today. */
export async function chargeQuota(
  run: Queryable,
  subject: string,
  day: string,
  limits: TierLimits,
  needed: number,
): Promise<number> {
  if (limits.dailyQuota < needed) {
    recordRejection("quota", limits.id);
    throw quotaExceeded(limits, await usedToday(run, subject, day), needed);
  }
  const [charged] = await run<{ count: number }>(
    `insert into public.daily_usage (subject, day, count) values ($1, $2, $4::int)
     on conflict (subject, day) do update set count = daily_usage.count + excluded.count
     where daily_usage.count + excluded.count <= $3::int
     returning count`,
    [subject, day, limits.dailyQuota, needed],
  );
  if (!charged) {
    recordRejection("quota", limits.id);
    throw quotaExceeded(limits, await usedToday(run, subject, day), needed);
  }
  return charged.count;
}

/** Only for the refusal's message; the decision above never depends on a read. */
async function usedToday(run: Queryable, subject: string, day: string): Promise<number> {
  const [row] = await run<{ count: number }>(
    "select count from public.daily_usage where subject = $1 and day = $2",
    [subject, day],
  );
  return row?.count ?? 0;
}

function quotaExceeded(limits: TierLimits, used: number, needed = 1): ApiError {
  const left = Math.max(0, limits.dailyQuota - used);
  const resets = quotaResetsAt();
  const retryAfter = Math.max(1, Math.ceil((resets.getTime() - Date.now()) / 1000));
  const more =
    limits.id === "enterprise"
      ? "Contact us to raise it."
      : limits.id === "premium"
        ? "Enterprise plans have higher quotas."
        : "Sign in or upgrade for a larger daily quota; avatars from the gallery stay free.";
  return new ApiError(
    "quota_exceeded",
    `${
      left > 0
        ? `This request needs ${needed} generations and only ${left} of the ${limits.name} tier's ${limits.dailyQuota} a day are left; none were charged.`
        : `You have used all ${limits.dailyQuota} generations of the ${limits.name} tier today.`
    } It resets at ${resets.toISOString()} (midnight UTC). ${more}`,
    {
      headers: {
        "Retry-After": String(retryAfter),
        "X-RateLimit-Limit": String(limits.dailyQuota),
        "X-RateLimit-Remaining": String(left),
        "X-RateLimit-Reset": String(Math.floor(resets.getTime() / 1000)),
      },
      details: {
        limit: "daily_quota",
        allowed: limits.dailyQuota,
        used,
        ...(needed > 1 ? { needed } : {}),
        tier: limits.id,
        resets_at: resets.toISOString(),
        upgrade_url: limits.id === "enterprise" ? undefined : "/account#upgrade",
      },
    },
  );
}
