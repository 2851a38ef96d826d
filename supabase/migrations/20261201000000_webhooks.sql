-- Webhooks of the native async API: a Standard Webhooks signing secret per API key, the webhook URL
-- a request asked for, and one delivery record per event sent (or being retried).

-- ---------------------------------------------------------------------------------------------
-- webhook_signing_secrets: the signing secret of each API key, apart from api_keys so that the
-- signed-in owner's read access to their keys (RLS on api_keys) never reaches the secret.
-- ---------------------------------------------------------------------------------------------
create table public.webhook_signing_secrets (
  api_key_id uuid primary key references public.api_keys (id) on delete cascade, -- the key whose webhooks it signs
  secret text not null check (secret like 'whsec_%'),   -- Standard Webhooks secret: whsec_<base64 of the key bytes>
  created_at timestamptz not null default now()          -- creation time
);
comment on table public.webhook_signing_secrets is
  'Standard Webhooks signing secret per API key, shown once with the key. RLS on with no policies: only the server reads it.';
comment on column public.webhook_signing_secrets.api_key_id is 'The API key whose requests'' webhooks this secret signs.';
comment on column public.webhook_signing_secrets.secret is 'whsec_ followed by the base64 of the HMAC-SHA256 key bytes.';
comment on column public.webhook_signing_secrets.created_at is 'When the secret was made.';

alter table public.webhook_signing_secrets enable row level security;

-- Keys made before webhooks existed get a secret now: 32 bytes, from two random UUIDs (244 random
-- bits; gen_random_uuid is built in, unlike pgcrypto's gen_random_bytes on a plain server). New keys
-- get theirs from the app, from crypto.randomBytes.
insert into public.webhook_signing_secrets (api_key_id, secret)
select id, 'whsec_' || encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'), 'base64')
from public.api_keys
on conflict (api_key_id) do nothing;

-- ---------------------------------------------------------------------------------------------
-- generation_requests: where a request wants its webhook sent.
-- ---------------------------------------------------------------------------------------------
alter table public.generation_requests
  add column webhook_url text,                           -- webhook to POST the final event to, if asked for
  add column api_origin text;                            -- origin the request reached the API at, for absolute URLs in the event
comment on column public.generation_requests.webhook_url is 'URL the generation.succeeded / generation.failed event is POSTed to; null without a webhook.';
comment on column public.generation_requests.api_origin is 'Public origin the request was made to (APP_URL or its Host), so the worker can write absolute URLs.';

-- ---------------------------------------------------------------------------------------------
-- webhook_deliveries: one row per event and request, kept for inspection and support.
-- ---------------------------------------------------------------------------------------------
create table public.webhook_deliveries (
  id uuid primary key default gen_random_uuid(),         -- the webhook-id header: the same on every retry
  request_id uuid not null unique references public.generation_requests (id) on delete cascade, -- the request that asked; one event each
  generation_id uuid not null references public.generations (id) on delete cascade, -- the generation the event is about
  api_key_id uuid references public.api_keys (id) on delete set null, -- the key whose secret signs it
  url text not null,                                     -- where it is POSTed
  event_type text not null
    check (event_type in ('generation.succeeded', 'generation.failed')), -- the event
  payload jsonb,                                         -- the body, fixed at the first attempt so every retry sends the same
  attempts integer not null default 0 check (attempts >= 0), -- POSTs made so far
  last_status integer,                                   -- HTTP status of the last attempt; null when it got no answer
  last_error text,                                       -- why the last attempt failed, if it did
  created_at timestamptz not null default now(),         -- when the event happened (and the delivery was queued)
  last_attempt_at timestamptz,                           -- time of the last attempt
  delivered_at timestamptz,                              -- when the receiver answered 2xx
  failed_at timestamptz                                  -- when we gave up (out of retries, or a permanent refusal)
);
comment on table public.webhook_deliveries is
  'Webhook events sent to API clients, one per request, with every attempt counted. RLS on with no policies: only the server reads it.';
comment on column public.webhook_deliveries.id is 'Delivery id, sent as the webhook-id header on every attempt (receivers deduplicate on it).';
comment on column public.webhook_deliveries.request_id is 'The generation request that registered the webhook.';
comment on column public.webhook_deliveries.generation_id is 'The generation the event reports on.';
comment on column public.webhook_deliveries.api_key_id is 'API key whose signing secret signs the event.';
comment on column public.webhook_deliveries.url is 'Receiver URL.';
comment on column public.webhook_deliveries.event_type is 'generation.succeeded or generation.failed.';
comment on column public.webhook_deliveries.payload is 'Event body as first sent; retries resend it unchanged.';
comment on column public.webhook_deliveries.attempts is 'Number of delivery attempts made.';
comment on column public.webhook_deliveries.last_status is 'HTTP status of the last attempt, or null if it got no response.';
comment on column public.webhook_deliveries.last_error is 'Reason the last attempt failed.';
comment on column public.webhook_deliveries.created_at is 'When the delivery was created (the event time).';
comment on column public.webhook_deliveries.last_attempt_at is 'When the last attempt was made.';
comment on column public.webhook_deliveries.delivered_at is 'When a 2xx answer was received.';
comment on column public.webhook_deliveries.failed_at is 'When delivery was given up.';
create index webhook_deliveries_generation on public.webhook_deliveries (generation_id);

alter table public.webhook_deliveries enable row level security;
