-- Quotas belong to accounts, keys can carry a lower limit of their own, an account's live keys are
-- capped by its tier, a request remembers every counter it was charged to, and POSTs that create
-- generations can be retried safely with an Idempotency-Key.

-- ---------------------------------------------------------------------------------------------
-- api_keys: an optional daily limit per key, below the account's quota.
-- ---------------------------------------------------------------------------------------------
alter table public.api_keys
  add column daily_limit integer check (daily_limit is null or daily_limit >= 1); -- generations per UTC day through this key; null: only the account's quota
comment on column public.api_keys.daily_limit is
  'Optional cap on generations per UTC day through this key, charged with the account''s quota; null: only the account''s quota applies.';

-- ---------------------------------------------------------------------------------------------
-- tiers: how many live (neither revoked nor expired) API keys an account may hold.
-- ---------------------------------------------------------------------------------------------
alter table public.tiers
  add column max_api_keys integer not null default 0 check (max_api_keys >= 0); -- live API keys per account
comment on column public.tiers.max_api_keys is
  'Live (not revoked, not expired) API keys an account of this tier may hold; 0: none. The admin CLI''s --force goes past it.';
update public.tiers set max_api_keys = 10 where id = 'enterprise';

-- ---------------------------------------------------------------------------------------------
-- generation_requests: every counter a request was charged to, so a refund gives back to each.
-- ---------------------------------------------------------------------------------------------
alter table public.generation_requests
  add column charged_subjects text[];                    -- daily_usage subjects charged (account and key; visitor, address and global)
comment on column public.generation_requests.charged_subjects is
  'Every daily_usage subject this request was charged to on charged_day: the account and its key, or an anonymous visitor, their address and the global allowance. Null on requests charged before it existed, which charged their subject alone.';

comment on column public.daily_usage.subject is
  'The counter: user:<uuid> (an account, every request of it), key:<uuid> (requests through one key), anon:<id> or anon:ip:<address> (a visitor), anon:addr:<address> (every anonymous request from an address), anon:all (every anonymous request).';

-- Until now each key had its own counter and the account's counted only its session: today's key
-- usage is added to the account's, so a deploy in the middle of a UTC day does not hand accounts
-- their whole quota again. Earlier days are history and stay as they were.
insert into public.daily_usage (subject, day, count)
select 'user:' || k.owner_id::text, u.day, sum(u.count)::integer
from public.daily_usage u
join public.api_keys k on u.subject = 'key:' || k.id::text
where u.day >= (now() at time zone 'utc')::date
group by k.owner_id, u.day
on conflict (subject, day) do update set count = public.daily_usage.count + excluded.count;

-- ---------------------------------------------------------------------------------------------
-- idempotency_keys: the first answer to a request sent with an Idempotency-Key, replayed to its
-- retries for 24 hours.
-- ---------------------------------------------------------------------------------------------
create table public.idempotency_keys (
  scope text not null,                                   -- the caller the key belongs to: an account (user:<uuid>) or a visitor
  key text not null,                                     -- the Idempotency-Key header as sent
  fingerprint text not null,                             -- hex SHA-256 of the method, path and body: what "the same request" means
  status text not null default 'in_progress'
    check (status in ('in_progress', 'completed')),      -- in_progress while the first request runs
  claim uuid not null default gen_random_uuid(),         -- which request holds it: only that one stores or releases it
  locked_until timestamptz not null,                     -- lease of the request running it; a retry may take over once it passes
  response_status integer,                               -- HTTP status of the first answer (completed only)
  response_headers jsonb,                                -- the headers replayed with it (completed only)
  response_body text,                                    -- the body replayed (completed only)
  created_at timestamptz not null default now(),         -- when the first request arrived
  expires_at timestamptz not null,                       -- 24 hours later: after it the key is free again
  primary key (scope, key)
);
comment on table public.idempotency_keys is
  'First answers to POSTs sent with an Idempotency-Key, replayed to retries with the same key and body for 24 hours. RLS on with no policies: only the server reads it.';
comment on column public.idempotency_keys.scope is 'The caller the key belongs to: an account (user:<uuid>, for its session and every key) or an anonymous visitor.';
comment on column public.idempotency_keys.key is 'The Idempotency-Key header, as sent.';
comment on column public.idempotency_keys.fingerprint is 'Hex SHA-256 of the method, path and body of the first request; a retry with another is refused.';
comment on column public.idempotency_keys.status is 'in_progress while the first request runs, completed once its answer is stored.';
comment on column public.idempotency_keys.claim is 'Token of the request running it (new on every takeover): only that request stores the answer or releases the key.';
comment on column public.idempotency_keys.locked_until is 'Lease of the request running it: a retry waits until the answer is stored, or takes over after this time.';
comment on column public.idempotency_keys.response_status is 'HTTP status of the stored answer.';
comment on column public.idempotency_keys.response_headers is 'Headers of the stored answer that a replay carries (content type, location, rate limits, cache).';
comment on column public.idempotency_keys.response_body is 'Body of the stored answer.';
comment on column public.idempotency_keys.created_at is 'When the first request with this key arrived.';
comment on column public.idempotency_keys.expires_at is 'When the key may be used for a new request again (24 hours after the first).';
create index idempotency_keys_expires on public.idempotency_keys (expires_at);

alter table public.idempotency_keys enable row level security;
