import { limitsFor, tiers } from "@/lib/auth/tiers";
import { type Identity, TIER_IDS, type TierId, type TierLimits } from "@/lib/auth/types";
import { query } from "@/lib/db";
import { quotaCharges } from "@/lib/limits/charges";
import { countsOf, dayPolicy, quotaResetsAt, utcDay } from "@/lib/limits/quota";
import type { LimitsView, UpgradeView } from "./types";

/** What limitsView needs of an identity (a Server Component builds it from the profile). */
export type LimitsSubject = Pick<Identity, "kind" | "subject" | "tier" | "overrides"> &
  Partial<Pick<Identity, "apiKeyId" | "apiKeyDailyLimit" | "ip">>;

function nextTier(tier: TierId): TierId | null {
  return TIER_IDS[TIER_IDS.indexOf(tier) + 1] ?? null;
}

function upgradeFrom(tier: TierId, all: Map<TierId, TierLimits>): UpgradeView | null {
  const next = nextTier(tier);
  const limits = next && all.get(next);
  if (!limits) return null;
  return {
    tier: limits.id,
    name: limits.name,
    daily_quota: limits.dailyQuota,
    href: tier === "anonymous" ? "/signin" : "/account#upgrade",
  };
}

/**
 * The caller's tier (with their account's overrides), today's usage of the subject the quota is
 * charged to (the whole account's, for a session or any of its keys), what is left of it (the
 * least any counter the caller is charged to has left: a key's own limit, an anonymous visitor's
 * address), and when it resets. Everything the tier line on /generate and the /account meter show.
 */
export async function limitsView(who: LimitsSubject, now = new Date()): Promise<LimitsView> {
  const day = utcDay(now);
  const [limits, all] = await Promise.all([limitsFor(who.tier, who.overrides), tiers()]);
  const counts = await countsOf(
    query,
    quotaCharges(
      {
        kind: who.kind,
        subject: who.subject,
        apiKeyId: who.apiKeyId ?? null,
        apiKeyDailyLimit: who.apiKeyDailyLimit ?? null,
        ip: who.ip ?? null,
      },
      limits,
    ),
    day,
  );
  const used = counts.find((c) => c.charge.subject === who.subject)?.count ?? 0;
  const free = all.get("free");
  return {
    kind: who.kind,
    signed_in: who.kind !== "anonymous",
    tier: { id: limits.id, name: limits.name },
    limits: {
      daily_quota: limits.dailyQuota,
      rate_per_minute: limits.ratePerMinute,
      concurrent_jobs: limits.concurrentJobs,
      max_size: limits.maxSize,
      allowed_models: limits.allowedModels,
      priority: free !== undefined && limits.queuePriority < free.queuePriority,
    },
    usage: { day, used, remaining: dayPolicy(counts, now).remaining },
    resets_at: quotaResetsAt(now).toISOString(),
    upgrade: upgradeFrom(limits.id, all),
  };
}

/** Every tier's limits, cheapest first, for the upgrade section. */
export async function allTiers(): Promise<TierLimits[]> {
  const all = await tiers();
  return TIER_IDS.flatMap((id) => {
    const t = all.get(id);
    return t ? [t] : [];
  });
}
