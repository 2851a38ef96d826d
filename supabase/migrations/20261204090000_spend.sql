-- Spend: what each provider charges (a price list kept as data), the budgets spend is held to, and
-- the budget alerts that fired. The ledger itself is public.provider_calls (one row per call); its
-- cost comes from this price list (20261204091000_spend_ledger.sql).

-- ---------------------------------------------------------------------------------------------
-- provider_prices: the price list. A price change is an insert with a later effective_from (or an
-- update of the current row), never a deploy.
--
-- Sources, checked 2026-12-04 (the avatar report this product follows gives Fal FLUX schnell at
-- $0.003 per megapixel and Replicate FLUX dev at $0.008 per image; the public prices below are what
-- the providers charge today, and Replicate's FLUX dev has since risen to $0.025):
-- - Fal, fal-ai/flux/schnell: $0.003 per megapixel; fal-ai/flux/dev: $0.025 per megapixel. Fal rounds
--   up to whole megapixels of 1024×1024 pixels (a 1024×768 image is 1 MP). fal.ai model pages,
--   as quoted at https://skillspool.org/zh/skills/joernstoehler-dnd-claude-code-claude-skills-fal-flux-prompting-skill-md
--   ("All per-megapixel prices round up to nearest MP") and https://www.workflowlab.dev/cost/flux-api-options-compared
--   (fal.ai $0.003/MP, verified 2026-05-11).
-- - Replicate, black-forest-labs/flux-schnell: $0.003 per output image; black-forest-labs/flux-dev:
--   $0.025 per output image. https://www.workflowlab.dev/cost/flux-api-options-compared (verified
--   2026-05-11) and https://lumenfall.ai/models/black-forest-labs/flux.1-dev (Replicate $0.025/image).
-- - local: the built-in generator runs on our own workers: $0.
-- Providers bill a succeeded generation only; a failed, refused or timed-out call costs nothing.
-- ---------------------------------------------------------------------------------------------
create table public.provider_prices (
  provider text not null check (provider in ('fal', 'replicate', 'local')), -- who charges
  model text not null,                                   -- our model id, e.g. flux-schnell
  unit text not null check (unit in ('image', 'megapixel')), -- what one price unit is
  usd_per_unit numeric(12, 6) not null check (usd_per_unit >= 0), -- US dollars per unit
  effective_from timestamptz not null default '2024-01-01', -- the price applies to calls from then on
  source text not null,                                  -- where the figure came from
  primary key (provider, model, effective_from)
);
comment on table public.provider_prices is
  'What each provider charges per unit, as data: the cost of a provider call is priced from the row in effect when it was submitted. RLS on with no policies: only the server reads it.';
comment on column public.provider_prices.provider is 'The provider: fal, replicate, or local (the built-in generator).';
comment on column public.provider_prices.model is 'Our model id (flux-schnell, flux-dev).';
comment on column public.provider_prices.unit is 'image: a flat price per image; megapixel: per started megapixel of 1024×1024 pixels.';
comment on column public.provider_prices.usd_per_unit is 'Price in US dollars per unit.';
comment on column public.provider_prices.effective_from is 'From when this price applies; the latest row not after a call''s submit time prices it.';
comment on column public.provider_prices.source is 'Where the figure came from (a URL, and when it was checked).';

insert into public.provider_prices (provider, model, unit, usd_per_unit, source) values
  ('fal', 'flux-schnell', 'megapixel', 0.003, 'fal.ai fal-ai/flux/schnell pricing, checked 2026-12-04'),
  ('fal', 'flux-dev', 'megapixel', 0.025, 'fal.ai fal-ai/flux/dev pricing, checked 2026-12-04'),
  ('replicate', 'flux-schnell', 'image', 0.003, 'replicate.com black-forest-labs/flux-schnell, checked 2026-12-04'),
  ('replicate', 'flux-dev', 'image', 0.025, 'replicate.com black-forest-labs/flux-dev, checked 2026-12-04'),
  ('local', 'flux-schnell', 'image', 0, 'built-in generator'),
  ('local', 'flux-dev', 'image', 0, 'built-in generator');

alter table public.provider_prices enable row level security;

-- The price of one call: the row in effect at `at`, times the units the image takes.
create function public.provider_call_cost(
  p_provider text, p_model text, p_width integer, p_height integer, p_at timestamptz
) returns numeric
language sql stable set search_path = '' as $$
  select case p.unit
           when 'megapixel' then p.usd_per_unit * greatest(1, ceil((p_width::numeric * p_height) / (1024 * 1024)))
           else p.usd_per_unit
         end
  from public.provider_prices p
  where p.provider = p_provider and p.model = p_model and p.effective_from <= p_at
  order by p.effective_from desc
  limit 1
$$;
comment on function public.provider_call_cost(text, text, integer, integer, timestamptz) is
  'Cost in US dollars of one succeeded call of p_provider/p_model at p_width×p_height submitted at p_at, from the price list; null when no price is listed.';

-- ---------------------------------------------------------------------------------------------
-- budgets: how much may be spent per period, globally or by one account (enterprise contracts).
-- ---------------------------------------------------------------------------------------------
create table public.budgets (
  id uuid primary key default gen_random_uuid(),         -- budget id
  scope text not null check (scope in ('global', 'account')), -- the whole service, or one account
  account_id uuid references public.profiles (id) on delete cascade, -- the account, for scope account
  period text not null check (period in ('month', 'day')), -- calendar month or day, UTC
  limit_usd numeric(12, 4) not null check (limit_usd >= 0), -- the budget; alerts fire at 50, 80 and 100% of it
  hard_cap_usd numeric(12, 4) check (hard_cap_usd >= limit_usd), -- global only: past it even premium and enterprise are refused; null = 120% of the limit
  updated_at timestamptz not null default now(),         -- last change
  constraint budgets_account check ((scope = 'account') = (account_id is not null))
);
comment on table public.budgets is
  'Spend budgets per UTC month or day, for the whole service (global) or one account. The global monthly budget follows BUDGET_MONTHLY_USD when that is set. RLS on with no policies: only the server reads it.';
comment on column public.budgets.id is 'Budget id.';
comment on column public.budgets.scope is 'global (all provider spend) or account (one account''s spend).';
comment on column public.budgets.account_id is 'The account a scope=account budget belongs to.';
comment on column public.budgets.period is 'month or day (UTC calendar periods).';
comment on column public.budgets.limit_usd is 'The budget in US dollars. Past it, anonymous and free requests get the built-in generator (global), or the account is refused (account).';
comment on column public.budgets.hard_cap_usd is 'Global budgets: past this even premium and enterprise requests are refused until the next period; null means 120% of limit_usd.';
comment on column public.budgets.updated_at is 'When the budget last changed.';
create unique index budgets_global on public.budgets (period) where scope = 'global';
create unique index budgets_account on public.budgets (account_id, period) where scope = 'account';

insert into public.budgets (scope, period, limit_usd) values ('global', 'month', 500);

alter table public.budgets enable row level security;

-- ---------------------------------------------------------------------------------------------
-- budget_alerts: each threshold of each budget fires once per period.
-- ---------------------------------------------------------------------------------------------
create table public.budget_alerts (
  id uuid primary key default gen_random_uuid(),         -- alert id (the webhook-id of its event)
  budget_id uuid not null references public.budgets (id) on delete cascade, -- the budget
  period_start date not null,                            -- first day of the period it fired in
  threshold integer not null check (threshold in (50, 80, 100)), -- percent of the budget reached
  spent_usd numeric(12, 4) not null,                     -- spend when it fired
  limit_usd numeric(12, 4) not null,                     -- the budget when it fired
  fired_at timestamptz not null default now(),           -- when it fired
  delivered_at timestamptz,                              -- when ALERT_WEBHOOK_URL answered 2xx
  unique (budget_id, period_start, threshold)
);
comment on table public.budget_alerts is
  'Budget alerts, at most one per budget, period and threshold (50, 80, 100% of the budget). Each is logged, shown on the admin page and sent to ALERT_WEBHOOK_URL. RLS on with no policies: only the server reads it.';
comment on column public.budget_alerts.id is 'Alert id, also the webhook-id of its event.';
comment on column public.budget_alerts.budget_id is 'The budget whose threshold was reached.';
comment on column public.budget_alerts.period_start is 'First day (UTC) of the month or day the alert belongs to.';
comment on column public.budget_alerts.threshold is 'Percent of the budget reached: 50, 80 or 100.';
comment on column public.budget_alerts.spent_usd is 'Spend in the period when the alert fired.';
comment on column public.budget_alerts.limit_usd is 'The budget''s limit when the alert fired.';
comment on column public.budget_alerts.fired_at is 'When the alert fired.';
comment on column public.budget_alerts.delivered_at is 'When the alert webhook was answered with a 2xx; null when not sent or not yet delivered.';

alter table public.budget_alerts enable row level security;
