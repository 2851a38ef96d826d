import { query } from "@/lib/db";
import type { PgRow } from "@/lib/db/database.types";
import { MODEL_IDS } from "@/lib/catalog/models";
import { overridesSchema } from "./tier-overrides";
import { type TierId, type TierLimits } from "./types";

/** Tiers change rarely (an operator edits the table): each process re-reads them this often. */
const TTL_MS = 30_000;

type TierRow = Omit<PgRow<"tiers">, "id" | "updated_at"> & { id: TierId };

let cache: { at: number; tiers: Promise<Map<TierId, TierLimits>> } | null = null;

function toLimits(row: TierRow): TierLimits {
  return {
    id: row.id,
    name: row.name,
    dailyQuota: row.daily_quota,
    ratePerMinute: row.rate_per_minute,
    concurrentJobs: row.concurrent_jobs,
    queuePriority: row.queue_priority,
    allowedModels: row.allowed_models.filter((m): m is TierLimits["allowedModels"][number] =>
      (MODEL_IDS as readonly string[]).includes(m),
    ),
    maxSize: row.max_size,
    maxApiKeys: row.max_api_keys,
  };
}

async function loadTiers(): Promise<Map<TierId, TierLimits>> {
  const rows = await query<TierRow>(
    `select id, name, daily_quota, rate_per_minute, concurrent_jobs, queue_priority, allowed_models, max_size,
            max_api_keys
     from public.tiers`,
  );
  return new Map(rows.map((r) => [r.id, toLimits(r)]));
}

export function tiers(): Promise<Map<TierId, TierLimits>> {
  if (!cache || Date.now() - cache.at > TTL_MS) {
    const pending = loadTiers();
    cache = { at: Date.now(), tiers: pending };
    // A failed read is not cached: the next call tries again.
    pending.catch(() => {
      if (cache?.tiers === pending) cache = null;
    });
  }
  return cache.tiers;
}

/** Forget the cached tiers (tests, and the admin CLI after it changes a tier). */
export function forgetTiers(): void {
  cache = null;
}

export async function limitsFor(tier: TierId, overrides: unknown = {}): Promise<TierLimits> {
  const base = (await tiers()).get(tier);
  if (!base) throw new Error(`tier "${tier}" is missing from public.tiers`);
  const o = overridesSchema.safeParse(overrides);
  if (!o.success) return base;
  return {
    ...base,
    dailyQuota: o.data.daily_quota ?? base.dailyQuota,
    ratePerMinute: o.data.rate_per_minute ?? base.ratePerMinute,
    concurrentJobs: o.data.concurrent_jobs ?? base.concurrentJobs,
    queuePriority: o.data.queue_priority ?? base.queuePriority,
    allowedModels: o.data.allowed_models ?? base.allowedModels,
    maxSize: o.data.max_size ?? base.maxSize,
    maxApiKeys: o.data.max_api_keys ?? base.maxApiKeys,
  };
}
