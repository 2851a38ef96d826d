import type { Identity, TierLimits } from "@/lib/auth/types";
import type { GenerationRequest } from "@/lib/catalog/generation-request";
import { db, transaction } from "@/lib/db";
import { quotaCharges } from "@/lib/limits/charges";
import type { PolicyState } from "@/lib/limits/headers";
import { chargeQuota, dayPolicy, utcDay } from "@/lib/limits/quota";
import { type GenerationRow, upsertQueued } from "./repository";

/** A request's webhook: its URL, and the origin the request came to (for absolute URLs). */
export interface RequestWebhook {
  url: string;
  origin: string;
}

export interface Admission {
  row: GenerationRow;
  requestId: string;
  /** True when this request started the generation and was charged; false when it joined one. */
  charged: boolean;
  /** Where the daily quota stands after this request's charge (when it was charged). */
  day: PolicyState | null;
}

/** One generation a request asks to admit: its cache key and normalized parameters. */
export interface AdmissionItem {
  hash: string;
  request: GenerationRequest;
  private: boolean;
  /** Whose private generation it is (null for a public one); its key already includes it. */
  owner?: string | null;
  /** Where the request's webhook goes, kept on its record (lib/webhooks). */
  webhook?: RequestWebhook;
}

/**
 * Admits one cache-missing generation for `identity`, or refuses it with a 429, in one transaction
 * under a lock on the request's hash:
 * - a request that starts a generation (no row yet, or the last attempt failed) is charged, with one
 *   atomic upsert that only increments below the limit (so 100 concurrent requests against a quota
 *   of 10 admit exactly 10);
 * - a request that joins an identical generation already in flight is not charged: it causes no
 *   provider call, like a cache hit;
 * - the generation row is upserted and the request recorded with the day it was charged on, so a
 *   failure refunds exactly that, once (see markFailed).
 */
export async function admitGeneration(args: {
  identity: Identity;
  limits: TierLimits;
  hash: string;
  request: GenerationRequest;
  private: boolean;
  owner?: string | null;
  /** Where the request's webhook goes, kept on its record (lib/webhooks). */
  webhook?: RequestWebhook;
}): Promise<Admission> {
  const [admission] = await admitGenerations({
    identity: args.identity,
    limits: args.limits,
    items: [
      {
        hash: args.hash,
        request: args.request,
        private: args.private,
        owner: args.owner,
        webhook: args.webhook,
      },
    ],
  });
  return admission!;
}

/**
 * Admits several generations of one request (OpenAI's `n`) all together or not at all: one
 * transaction, one atomic charge of every generation that starts (`count + k <= limit`) to every
 * counter the caller is charged to (lib/limits/charges.ts: the account and the key; or the visitor,
 * their address and all anonymous visitors), so a request the quota cannot hold in full is refused
 * without charging any of it, and never leaves the caller paying for images they do not receive.
 * Hashes, then counters, are locked in sorted order, so two overlapping batches cannot deadlock.
 */
export async function admitGenerations(args: {
  identity: Identity;
  limits: TierLimits;
  items: readonly AdmissionItem[];
}): Promise<Admission[]> {
  const { identity, limits, items } = args;
  const hashes = [...new Set(items.map((i) => i.hash))].sort();
  return transaction(async (run) => {
    for (const hash of hashes) {
      await run("select pg_advisory_xact_lock(hashtextextended($1, 0))", [hash]);
    }
    const existing = await run<{ request_hash: string; status: string }>(
      "select request_hash, status from public.generations where request_hash = any($1)",
      [hashes],
    );
    const status = new Map(existing.map((r) => [r.request_hash, r.status]));
    // Only the first of two equal items starts the generation; the second joins it.
    const seen = new Set<string>();
    const starts = items.map((item) => {
      const first = !seen.has(item.hash);
      seen.add(item.hash);
      const s = status.get(item.hash);
      return first && (s === undefined || s === "failed");
    });
    const day = utcDay();
    const needed = starts.filter(Boolean).length;
    const charges = quotaCharges(identity, limits);
    const counts = needed > 0 ? await chargeQuota(run, charges, day, limits, needed) : null;
    const charged = charges.map((c) => c.subject);
    const admissions: Admission[] = [];
    for (const [i, item] of items.entries()) {
      const row = await upsertQueued(
        item.hash,
        item.request,
        { private: item.private, owner: item.owner ?? null, subject: identity.subject },
        run,
      );
      const [request] = await run<{ id: string }>(
        `insert into public.generation_requests (generation_id, subject, owner_id, api_key_id, private, charged_day, charged_subjects, webhook_url, api_origin)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
        [
          row.id,
          identity.subject,
          identity.userId,
          identity.apiKeyId,
          item.private,
          starts[i] ? day : null,
          starts[i] ? charged : null,
          item.webhook?.url ?? null,
          item.webhook?.origin ?? null,
        ],
      );
      admissions.push({
        row,
        requestId: request!.id,
        charged: starts[i]!,
        day: counts && dayPolicy(counts),
      });
    }
    return admissions;
  });
}

/**
 * Records a request answered from the cache: free, and only kept for signed-in owners' history (an
 * anonymous visitor has no history to show it in, and a hit must stay cheap).
 */
export async function recordCacheHit(
  identity: Identity,
  generationId: string,
  isPrivate: boolean,
  webhook?: RequestWebhook,
): Promise<void> {
  if (!identity.userId) return;
  await db().query(
    `insert into public.generation_requests (generation_id, subject, owner_id, api_key_id, private, webhook_url, api_origin)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      generationId,
      identity.subject,
      identity.userId,
      identity.apiKeyId,
      isPrivate,
      webhook?.url ?? null,
      webhook?.origin ?? null,
    ],
  );
}

/**
 * Gives back the charge of one admitted request whose job could not be queued, to every counter it
 * was charged to. Idempotent.
 */
export async function refundRequest(requestId: string): Promise<void> {
  await db().query(
    `with refunded as (
       update public.generation_requests set refunded_at = now()
       where id = $1 and charged_day is not null and refunded_at is null
       returning coalesce(charged_subjects, array[subject]) as subjects, charged_day
     )
     update public.daily_usage u set count = greatest(u.count - 1, 0)
     from refunded, unnest(refunded.subjects) as s(subject)
     where u.subject = s.subject and u.day = refunded.charged_day`,
    [requestId],
  );
}
