import { type Queryable, query } from "@/lib/db";
import type { PgRow } from "@/lib/db/database.types";
import type { ImageObjectKeys } from "@/lib/images/store-image";
import { recordGeneration } from "@/lib/observability/metrics";
import type { ProviderName } from "@/lib/providers/types";
import type { GenerationRequest } from "@/lib/catalog/generation-request";

export type GenerationStatus = "queued" | "running" | "succeeded" | "failed";

/** A generation as `COLUMNS` reads it, with its JSON and enumerated columns typed. */
export type GenerationRow = Pick<
  PgRow<"generations">,
  | "id"
  | "request_hash"
  | "model"
  | "error_code"
  | "error_message"
  | "seed"
  | "width"
  | "height"
  | "private"
  | "private_owner"
  | "latency_ms"
  | "cost_usd"
  | "created_at"
  | "completed_at"
> & {
  params: GenerationRequest;
  status: GenerationStatus;
  provider: ProviderName | null;
  object_keys: ImageObjectKeys | null;
};

const COLUMNS = `id, request_hash, params, status, provider, model, error_code, error_message, object_keys,
  seed, width, height, private, private_owner, latency_ms, cost_usd, created_at, completed_at`;

export async function findByHash(hash: string): Promise<GenerationRow | null> {
  const rows = await query<GenerationRow>(
    `select ${COLUMNS} from public.generations where request_hash = $1`,
    [hash],
  );
  return rows[0] ?? null;
}

export async function getGeneration(id: string): Promise<GenerationRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const rows = await query<GenerationRow>(
    `select ${COLUMNS} from public.generations where id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/**
 * The row for a request, created queued if new. One statement, so concurrent identical requests all
 * get the same row. A failed row is reset to queued: asking again after a failure is a new attempt.
 *
 * Privacy is part of the key (normalize.cacheKey): a private request's key includes its owner, so
 * it only ever meets its owner's own row, and a public one only public rows. Joining never changes
 * a row's privacy, and a row of another owner is never handed out: the conflict only updates (and
 * returns) a row with the same owner, so a key collision is an error rather than a leak.
 */
export async function upsertQueued(
  hash: string,
  request: GenerationRequest,
  options: { private: boolean; owner?: string | null; subject?: string },
  run: Queryable = query,
): Promise<GenerationRow> {
  const owner = options.private ? (options.owner ?? null) : null;
  const rows = await run<GenerationRow>(
    `insert into public.generations (request_hash, params, prompt, style, model, seed, width, height, private, subject, private_owner)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     on conflict (request_hash) do update set
       status = case when generations.status = 'failed' then 'queued' else generations.status end,
       error_code = case when generations.status = 'failed' then null else generations.error_code end,
       error_message = case when generations.status = 'failed' then null else generations.error_message end,
       completed_at = case when generations.status = 'failed' then null else generations.completed_at end,
       queued_at = case when generations.status = 'failed' then now() else generations.queued_at end,
       deadline_at = case when generations.status = 'failed' then null else generations.deadline_at end
     where generations.private_owner is not distinct from excluded.private_owner
     returning ${COLUMNS}`,
    [
      hash,
      JSON.stringify(request),
      request.prompt,
      request.style,
      request.model,
      request.seed,
      request.width,
      request.height,
      options.private,
      options.subject ?? null,
      owner,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error(`the generation keyed ${hash} belongs to another owner`);
  return row;
}

/**
 * Marks a queued or running generation running and returns its deadline, set on the first start to
 * `deadlineMs` from now (a retried job keeps the one it had). Null when the row has already ended.
 */
export async function markRunning(id: string, deadlineMs: number): Promise<Date | null> {
  const rows = await query<{ deadline_at: Date }>(
    `update public.generations
     set status = 'running',
         deadline_at = coalesce(deadline_at, now() + make_interval(secs => $2::double precision / 1000))
     where id = $1 and status in ('queued', 'running')
     returning deadline_at`,
    [id, deadlineMs],
  );
  return rows[0]?.deadline_at ?? null;
}

export interface SuccessRecord {
  provider: ProviderName;
  model: string;
  keys: ImageObjectKeys;
  seed: number;
  width: number;
  height: number;
  latencyMs: number;
  costUsd: number;
}

/** Idempotent: a job that runs twice (a worker killed after storing) records its success once. */
export async function markSucceeded(id: string, r: SuccessRecord): Promise<boolean> {
  const rows = await query(
    `update public.generations
     set status = 'succeeded', provider = $2, model = $3, object_keys = $4, seed = $5, width = $6, height = $7,
         latency_ms = $8, cost_usd = $9, error_code = null, error_message = null, completed_at = now()
     where id = $1 and status <> 'succeeded'
     returning id`,
    [
      id,
      r.provider,
      r.model,
      JSON.stringify(r.keys),
      r.seed,
      r.width,
      r.height,
      Math.round(r.latencyMs),
      r.costUsd,
    ],
  );
  if (rows.length === 1) recordGeneration("succeeded");
  return rows.length === 1;
}

/**
 * Records the WebP variants of a succeeded generation and clears `variants_pending`. Idempotent; the
 * original's key is left as it is.
 */
export async function recordVariants(
  id: string,
  webp: ImageObjectKeys["webp"],
): Promise<GenerationRow | null> {
  const rows = await query<GenerationRow>(
    `update public.generations
     set object_keys = (object_keys - 'variants_pending') || jsonb_build_object('webp', $2::jsonb)
     where id = $1 and status = 'succeeded'
     returning ${COLUMNS}`,
    [id, JSON.stringify(webp)],
  );
  return rows[0] ?? null;
}

/**
 * Records a permanent failure and refunds every request charged for it (to each counter it was
 * charged to: lib/generations/admission.ts), in one statement: returns
 * false when the row had already ended, so a failure is recorded, and refunded, exactly once.
 */
export async function markFailed(id: string, code: string, message: string): Promise<boolean> {
  const rows = await query<{ failed: number }>(
    `with failed as (
       update public.generations set status = 'failed', error_code = $2, error_message = $3, completed_at = now()
       where id = $1 and status in ('queued', 'running') returning id
     ), refunded as (
       update public.generation_requests r set refunded_at = now()
       from failed
       where r.generation_id = failed.id and r.charged_day is not null and r.refunded_at is null
       returning coalesce(r.charged_subjects, array[r.subject]) as subjects, r.charged_day
     ), usage as (
       update public.daily_usage u set count = greatest(u.count - x.n, 0)
       from (select s.subject, charged_day, count(*)::int as n
             from refunded, unnest(refunded.subjects) as s(subject) group by 1, 2) x
       where u.subject = x.subject and u.day = x.charged_day
       returning 1
     )
     select (select count(*)::int from failed) as failed, (select count(*)::int from usage) as refunds`,
    [id, code, message.slice(0, 500)],
  );
  if (rows[0]?.failed === 1) recordGeneration("failed", code);
  return rows[0]?.failed === 1;
}
