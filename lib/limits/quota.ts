import { ApiError } from "@/lib/api/errors";
import type { TierLimits } from "@/lib/auth/types";
import { type Queryable, query } from "@/lib/db";
import type { PgRow } from "@/lib/db/database.types";
import type { QuotaCharge } from "./charges";
import { type PolicyState, rateLimitHeaders } from "./headers";
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

/** A counter's count after (or, for a refusal, before) a charge. */
export interface ChargedCount {
  charge: QuotaCharge;
  count: number;
}

/**
 * Charges `needed` generations to every counter in `charges` in one statement that only adds where
 * the result stays within that counter's limit; when any counter is full, nothing stays charged (the
 * caller's transaction rolls back) and the refusal names the counter that was. Counters are written
 * in sorted order, so two requests sharing counters (an account and its key, a visitor and their
 * address) cannot deadlock. Returns each counter's new count.
 */
export async function chargeQuota(
  run: Queryable,
  charges: readonly QuotaCharge[],
  day: string,
  limits: TierLimits,
  needed: number,
): Promise<ChargedCount[]> {
  const sorted = [...charges].sort((a, b) => (a.subject < b.subject ? -1 : 1));
  const tooSmall = sorted.find((c) => c.limit < needed);
  if (tooSmall) {
    recordRejection("quota", limits.id);
    throw quotaExceeded(tooSmall, limits, await countsOf(run, sorted, day), needed);
  }
  const rows = await run<{ subject: string; count: number }>(
    `insert into public.daily_usage (subject, day, count)
     select c.subject, $2::date, $3::int from unnest($1::text[]) with ordinality as c(subject, n)
     order by c.n
     on conflict (subject, day) do update set count = daily_usage.count + excluded.count
     where daily_usage.count + excluded.count <= (
       select l.lim from unnest($1::text[], $4::int[]) as l(subject, lim)
       where l.subject = excluded.subject
     )
     returning subject, count`,
    [sorted.map((c) => c.subject), day, needed, sorted.map((c) => c.limit)],
  );
  const counts = new Map(rows.map((r) => [r.subject, r.count]));
  const full = sorted.find((c) => !counts.has(c.subject));
  if (full) {
    recordRejection("quota", limits.id);
    throw quotaExceeded(full, limits, await countsOf(run, sorted, day), needed);
  }
  return sorted.map((charge) => ({ charge, count: counts.get(charge.subject)! }));
}

/** Today's counts of `charges`, read for headers and messages only: no decision depends on it. */
export async function countsOf(
  run: Queryable,
  charges: readonly QuotaCharge[],
  day = utcDay(),
): Promise<ChargedCount[]> {
  const rows = await run<{ subject: string; count: number }>(
    "select subject, count from public.daily_usage where day = $1 and subject = any($2::text[])",
    [day, charges.map((c) => c.subject)],
  );
  const counts = new Map(rows.map((r) => [r.subject, r.count]));
  return charges.map((charge) => ({ charge, count: counts.get(charge.subject) ?? 0 }));
}

/**
 * The daily policy as one client sees it: the smallest limit of its counters, and what the most
 * used of them has left (a visitor with quota left still gets nothing once their address is spent).
 */
export function dayPolicy(counts: readonly ChargedCount[], now = new Date()): PolicyState {
  return {
    limit: Math.min(...counts.map((c) => c.charge.limit)),
    remaining: Math.max(0, Math.min(...counts.map((c) => c.charge.limit - c.count))),
    resetsAt: quotaResetsAt(now).getTime(),
  };
}

function quotaExceeded(
  blocked: QuotaCharge,
  limits: TierLimits,
  counts: readonly ChargedCount[],
  needed: number,
): ApiError {
  const used = counts.find((c) => c.charge === blocked)?.count ?? 0;
  const left = Math.max(0, blocked.limit - used);
  const resets = quotaResetsAt();
  const retryAfter = Math.max(1, Math.ceil((resets.getTime() - Date.now()) / 1000));
  const more =
    limits.id === "enterprise"
      ? "Contact us to raise it."
      : limits.id === "premium"
        ? "Enterprise plans have higher quotas."
        : "Sign in or upgrade for a larger daily quota; avatars from the gallery stay free.";
  const spent = `${spentSentence(blocked, limits, left, needed)} It resets at ${resets.toISOString()} (midnight UTC).`;
  return new ApiError(
    "quota_exceeded",
    blocked.scope === "key"
      ? `${spent} The account's other keys may still have some.`
      : `${spent} ${more}`,
    {
      headers: {
        "Retry-After": String(retryAfter),
        ...rateLimitHeaders({ day: dayPolicy(counts) }),
      },
      details: {
        limit: "daily_quota",
        scope: blocked.scope,
        allowed: blocked.limit,
        used,
        ...(needed > 1 ? { needed } : {}),
        tier: limits.id,
        resets_at: resets.toISOString(),
        violated_policies: ["day"],
        upgrade_url: limits.id === "enterprise" ? undefined : "/account#upgrade",
      },
    },
  );
}

function spentSentence(
  blocked: QuotaCharge,
  limits: TierLimits,
  left: number,
  needed: number,
): string {
  const n = blocked.limit;
  if (left > 0) {
    const whose = {
      account: `the ${limits.name} tier's ${n} a day`,
      visitor: `the ${limits.name} tier's ${n} a day`,
      key: `this API key's own limit of ${n} a day`,
      address: `the ${n} a day that anonymous visitors from one address share`,
      global: `the ${n} a day that all anonymous visitors share`,
    }[blocked.scope];
    return `This request needs ${needed} generations and only ${left} of ${whose} are left; none were charged.`;
  }
  return {
    account: `You have used all ${n} generations of the ${limits.name} tier today.`,
    visitor: `You have used all ${n} generations of the ${limits.name} tier today.`,
    key: `This API key has used all ${n} generations of its own daily limit today.`,
    address: `Anonymous visitors from your address have used all ${n} generations they share a day.`,
    global: `Anonymous visitors have used all ${n} generations they share a day, site-wide.`,
  }[blocked.scope];
}
