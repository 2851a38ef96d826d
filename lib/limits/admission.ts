import type { PoolClient, QueryResultRow } from "pg";
import { ApiError } from "@/lib/api/errors";
import type { Identity, TierLimits } from "@/lib/auth/types";
import { db, isConnectionError } from "@/lib/db";
import { type GenerationRow, type Queryable, upsertQueued } from "@/lib/generations/repository";
import type { GenerationRequest } from "@/lib/providers/types";
import { quotaResetsAt, utcDay } from "./quota";

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
  /** Charges used today including this one, out of `limits.dailyQuota` (when charged). */
  used: number | null;
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
  /** Where the request's webhook goes, kept on its record (lib/webhooks). */
  webhook?: RequestWebhook;
}): Promise<Admission> {
  const { identity, limits } = args;
  return transaction(async (run) => {
    await run("select pg_advisory_xact_lock(hashtextextended($1, 0))", [args.hash]);
    const [existing] = await run<{ status: string }>(
      "select status from public.generations where request_hash = $1",
      [args.hash],
    );
    const starts = !existing || existing.status === "failed";
    let used: number | null = null;
    const day = utcDay();
    if (starts) {
      if (limits.dailyQuota <= 0) throw quotaExceeded(limits, 0);
      const [charged] = await run<{ count: number }>(
        `insert into public.daily_usage (subject, day, count) values ($1, $2, 1)
         on conflict (subject, day) do update set count = daily_usage.count + 1
         where daily_usage.count < $3
         returning count`,
        [identity.subject, day, limits.dailyQuota],
      );
      if (!charged) throw quotaExceeded(limits, limits.dailyQuota);
      used = charged.count;
    }
    const row = await upsertQueued(
      args.hash,
      args.request,
      { private: args.private, subject: identity.subject },
      run,
    );
    const [request] = await run<{ id: string }>(
      `insert into public.generation_requests (generation_id, subject, owner_id, api_key_id, private, charged_day, webhook_url, api_origin)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [
        row.id,
        identity.subject,
        identity.userId,
        identity.apiKeyId,
        args.private,
        starts ? day : null,
        args.webhook?.url ?? null,
        args.webhook?.origin ?? null,
      ],
    );
    return { row, requestId: request!.id, charged: starts, used };
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

/** Gives back the charge of one admitted request whose job could not be queued. Idempotent. */
export async function refundRequest(requestId: string): Promise<void> {
  await db().query(
    `with refunded as (
       update public.generation_requests set refunded_at = now()
       where id = $1 and charged_day is not null and refunded_at is null
       returning subject, charged_day
     )
     update public.daily_usage u set count = greatest(u.count - 1, 0)
     from refunded where u.subject = refunded.subject and u.day = refunded.charged_day`,
    [requestId],
  );
}

function quotaExceeded(limits: TierLimits, used: number): ApiError {
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
    `You have used all ${limits.dailyQuota} generations of the ${limits.name} tier today. It resets at ${resets.toISOString()} (midnight UTC). ${more}`,
    {
      headers: {
        "Retry-After": String(retryAfter),
        "X-RateLimit-Limit": String(limits.dailyQuota),
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": String(Math.floor(resets.getTime() / 1000)),
      },
      details: {
        limit: "daily_quota",
        allowed: limits.dailyQuota,
        used,
        tier: limits.id,
        resets_at: resets.toISOString(),
        upgrade_url: limits.id === "enterprise" ? undefined : "/account#upgrade",
      },
    },
  );
}

async function transaction<T>(work: (run: Queryable) => Promise<T>): Promise<T> {
  let client: PoolClient;
  try {
    client = await db().connect();
  } catch (error) {
    if (isConnectionError(error))
      throw new ApiError(
        "service_unavailable",
        "The database is unavailable. Please try again shortly.",
        {
          cause: error,
        },
      );
    throw error;
  }
  const run: Queryable = async <R extends QueryResultRow>(text: string, params: unknown[] = []) =>
    (await client.query<R>(text, params)).rows;
  try {
    await client.query("begin");
    const result = await work(run);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
