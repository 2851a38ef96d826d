import { query } from "@/lib/db";
import type { PgRow } from "@/lib/db/database.types";
import type { CallEvent, CallOutput, ProviderCall, ResumableCall } from "@/lib/providers/calls";
import type { ProviderName } from "@/lib/providers/types";
import type { ModelId } from "@/lib/catalog/models";

/** What a call was made for: a person's generation, or a gallery entry. */
export type CallOwner = { generationId: string } | { galleryIndex: number };

/** What recording an event settled: the call's priced cost and whom it is booked to. */
export interface RecordedCall {
  costUsd: number | null;
  accountId: string | null;
  /** True for the one write that ended the call: a retried or late write is false. */
  endedNow: boolean;
}

/**
 * Records one event of a provider call (lib/providers/calls.ts) in provider_calls. Idempotent and
 * order-proof: the row is keyed by the call's own id, and an `ended` that landed first is never
 * undone by a late `submitted`, so a write retried after an outage is harmless. A succeeded call is
 * priced from the price list in effect when it was submitted (provider_prices), at the size the
 * provider made; every other outcome costs nothing (providers bill succeeded images only). The call
 * is booked to the request that started its generation (the one charged for it): its account and
 * tier, or `anonymous`; a gallery entry's to `batch`.
 */
export async function recordCallEvent(event: CallEvent, owner: CallOwner): Promise<RecordedCall> {
  const ended = event.phase === "ended" ? event : undefined;
  const [row] = await query<{
    cost_usd: string | null;
    account_id: string | null;
    ended_now: boolean;
  }>(
    `with before as (select ended_at from public.provider_calls where id = $1),
     starter as (
       select r.owner_id, coalesce(p.tier_id, 'anonymous') as tier
       from public.generation_requests r left join public.profiles p on p.id = r.owner_id
       where r.generation_id = $2 and r.charged_day is not null
       order by r.created_at desc limit 1
     )
     insert into public.provider_calls (id, generation_id, gallery_index, provider, model, provider_request_id,
       width, height, submitted_at, ended_at, outcome, error, latency_ms, cost_usd, output_url, output_seed,
       output_width, output_height, tier, account_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
       case when $11::text = 'succeeded'
            then public.provider_call_cost($4::text, $5::text, coalesce($16::int, $7::int),
                                           coalesce($17::int, $8::int), $9::timestamptz) end,
       $14, $15, $16, $17,
       case when $3::int is not null then 'batch' else coalesce((select tier from starter), 'unknown') end,
       (select owner_id from starter))
     on conflict (id) do update set
       provider_request_id = coalesce(provider_calls.provider_request_id, excluded.provider_request_id),
       ended_at = coalesce(provider_calls.ended_at, excluded.ended_at),
       outcome = coalesce(provider_calls.outcome, excluded.outcome),
       error = coalesce(provider_calls.error, excluded.error),
       latency_ms = coalesce(provider_calls.latency_ms, excluded.latency_ms),
       cost_usd = coalesce(provider_calls.cost_usd, excluded.cost_usd),
       output_url = coalesce(provider_calls.output_url, excluded.output_url),
       output_seed = coalesce(provider_calls.output_seed, excluded.output_seed),
       output_width = coalesce(provider_calls.output_width, excluded.output_width),
       output_height = coalesce(provider_calls.output_height, excluded.output_height)
     returning cost_usd, account_id,
       ended_at is not null and (select ended_at from before) is null as ended_now`,
    [
      event.id,
      "generationId" in owner ? owner.generationId : null,
      "galleryIndex" in owner ? owner.galleryIndex : null,
      event.provider,
      event.model,
      event.requestId ?? null,
      event.width,
      event.height,
      event.submittedAt,
      ended?.endedAt ?? null,
      ended?.outcome ?? null,
      ended?.error?.slice(0, 1_000) ?? null,
      ended ? Math.round(ended.latencyMs) : null,
      ended?.output?.url ?? null,
      ended?.output?.seed ?? null,
      ended?.output?.width ?? null,
      ended?.output?.height ?? null,
    ],
  );
  return {
    costUsd: row?.cost_usd == null ? null : Number(row.cost_usd),
    accountId: row?.account_id ?? null,
    endedNow: row?.ended_now === true,
  };
}

export interface CallsOfGeneration {
  /** Submitted and never seen to end (its worker died, or the end could not be written): resume. */
  open: ResumableCall[];
  /** Succeeded with its output recorded: the image can be fetched again without a new call. */
  succeeded: (ProviderCall & { output: CallOutput; costUsd?: number })[];
}

type CallRow = Pick<
  PgRow<"provider_calls">,
  | "id"
  | "model"
  | "provider_request_id"
  | "width"
  | "height"
  | "submitted_at"
  | "outcome"
  | "output_url"
  | "output_seed"
  | "output_width"
  | "output_height"
  | "cost_usd"
> & { provider: ProviderName };

/** A generation's calls that a new try can use instead of paying for another, newest first. */
export async function callsToReuse(generationId: string): Promise<CallsOfGeneration> {
  const rows = await query<CallRow>(
    `select id, provider, model, provider_request_id, width, height, submitted_at, outcome,
            output_url, output_seed, output_width, output_height, cost_usd
     from public.provider_calls
     where generation_id = $1 and provider_request_id is not null
       and (ended_at is null or (outcome = 'succeeded' and output_url is not null))
     order by submitted_at desc
     limit 10`,
    [generationId],
  );
  const calls: CallsOfGeneration = { open: [], succeeded: [] };
  for (const row of rows) {
    const call = {
      id: row.id,
      provider: row.provider,
      model: row.model as ModelId,
      requestId: row.provider_request_id!,
      width: row.width,
      height: row.height,
      submittedAt: new Date(row.submitted_at),
    };
    if (row.outcome === null) calls.open.push(call);
    else
      calls.succeeded.push({
        ...call,
        costUsd: row.cost_usd === null ? undefined : Number(row.cost_usd),
        output: {
          url: row.output_url!,
          seed: row.output_seed ?? 0,
          width: row.output_width ?? row.width,
          height: row.output_height ?? row.height,
        },
      });
  }
  return calls;
}
