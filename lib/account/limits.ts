import { limitsFor, tiers } from "@/lib/auth/tiers";
import { type Identity, TIER_IDS, type TierId, type TierLimits } from "@/lib/auth/types";
import { quotaResetsAt, usageOf, utcDay } from "@/lib/limits/quota";
import type { LimitsView, UpgradeView } from "./types";

/** What limitsView needs of an identity (a Server Component builds it from the profile). */
export type LimitsSubject = Pick<Identity, "kind" | "subject" | "tier" | "overrides">;

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
 * charged to, and when it resets. Everything the tier line on /generate and the /account meter show.
 */
export async function limitsView(who: LimitsSubject, now = new Date()): Promise<LimitsView> {
  const day = utcDay(now);
  const [limits, all, used] = await Promise.all([
    limitsFor(who.tier, who.overrides),
    tiers(),
    usageOf(who.subject, day),
  ]);
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
    usage: { day, used, remaining: Math.max(0, limits.dailyQuota - used) },
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
