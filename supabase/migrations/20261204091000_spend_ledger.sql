-- The spend ledger: public.provider_calls (one row per call to a paid provider, retries and failovers
-- apart) gains who the call was made for, so spend can be told apart by tier and account, and one
-- function gives every total the operators look at.

alter table public.provider_calls
  add column tier text,                                  -- tier of who asked: anonymous, free, premium, enterprise, or batch (gallery)
  add column account_id uuid references public.profiles (id) on delete set null; -- the account charged for it; null for anonymous visitors and the gallery
comment on column public.provider_calls.tier is
  'Tier of the request the call was made for (anonymous, free, premium, enterprise), or batch for a gallery entry. Null for calls recorded before spend was attributed.';
comment on column public.provider_calls.account_id is
  'The account whose request the call was made for; null for anonymous visitors and gallery entries.';

-- What the totals read: the calls that ended in a range.
create index provider_calls_ended on public.provider_calls (ended_at) where ended_at is not null;

-- ---------------------------------------------------------------------------------------------
-- spend_totals: spend per UTC day or month, by provider, model, tier and account, from the ledger.
-- ---------------------------------------------------------------------------------------------
create function public.spend_totals(p_period text, p_from timestamptz, p_to timestamptz)
returns table (
  period_start date,
  provider text,
  model text,
  tier text,
  account_id uuid,
  calls bigint,
  succeeded bigint,
  cost_usd numeric
)
language sql stable set search_path = '' as $$
  select (date_trunc(p_period, c.ended_at at time zone 'UTC'))::date,
         c.provider, c.model, coalesce(c.tier, 'unknown'), c.account_id,
         count(*), count(*) filter (where c.outcome = 'succeeded'), coalesce(sum(c.cost_usd), 0)
  from public.provider_calls c
  where c.ended_at >= p_from and c.ended_at < p_to
  group by 1, 2, 3, 4, 5
$$;
comment on function public.spend_totals(text, timestamptz, timestamptz) is
  'Provider spend per UTC day or month (p_period: day or month) of the calls that ended in [p_from, p_to), by provider, model, tier and account: calls made, calls that succeeded, and their cost in US dollars. Every spend figure (the admin page, the budget counters'' resync) comes from here.';
