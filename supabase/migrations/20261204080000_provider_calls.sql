-- The job lifecycle under outages, hangs and crashes: every call made to an image provider, so that a
-- retried job resumes the call it already paid for instead of submitting again (and so that spend can
-- be reckoned from it), and the two times the reconciler needs to tell a stuck generation from a
-- slow one.

-- ---------------------------------------------------------------------------------------------
-- generations: when it last entered the queue, and when a worker must have ended it.
-- ---------------------------------------------------------------------------------------------
alter table public.generations
  add column queued_at timestamptz not null default now(), -- when it was (last) queued: creation, or a retry after a failure
  add column deadline_at timestamptz;                      -- set when a worker first starts it: the job ends (image or failure) by then
comment on column public.generations.queued_at is
  'When the generation last entered the queue: its creation, or a new request after it failed. The reconciler leaves younger rows alone.';
comment on column public.generations.deadline_at is
  'Set when a worker first starts the job: by then it has an image or has failed (providers_busy, providers_unavailable). Null while it has never run.';

update public.generations set queued_at = created_at;

-- What the reconciler scans: the few rows that are not finished.
create index generations_unfinished on public.generations (queued_at)
  where status in ('queued', 'running');

-- ---------------------------------------------------------------------------------------------
-- provider_calls: one row per call to a cloud image provider (a submit), from the moment the
-- provider gives it an id until it ends; retries and failovers are separate rows.
-- ---------------------------------------------------------------------------------------------
create table public.provider_calls (
  id uuid primary key,                                   -- chosen by the worker before it calls, so a retried write is idempotent
  generation_id uuid references public.generations (id) on delete cascade, -- the generation it was made for
  gallery_index integer check (gallery_index >= 0),      -- or the gallery entry it was made for
  provider text not null check (provider in ('fal', 'replicate')), -- who was called
  model text not null,                                   -- our model id, e.g. flux-schnell
  provider_request_id text,                              -- Fal's request_id / Replicate's prediction id; null when the submit itself failed
  width integer not null check (width > 0),              -- image width asked for
  height integer not null check (height > 0),            -- image height asked for
  submitted_at timestamptz not null,                     -- when the submit was sent
  ended_at timestamptz,                                  -- when the call ended; null while it runs (or its worker died)
  outcome text check (outcome in (
    'succeeded', 'failed', 'timeout', 'rate_limited', 'rejected', 'flagged', 'expired', 'cancelled'
  )),                                                    -- how it ended
  error text,                                            -- why it did not succeed
  latency_ms integer check (latency_ms >= 0),            -- submit to end, milliseconds
  cost_usd numeric(10, 5),                               -- estimated cost of a succeeded call
  output_url text,                                       -- where the provider put the image (succeeded)
  output_seed bigint,                                    -- seed the provider used (succeeded)
  output_width integer,                                  -- size the provider made (succeeded)
  output_height integer,                                 -- (succeeded)
  constraint provider_calls_for check (generation_id is not null or gallery_index is not null),
  constraint provider_calls_ended check ((ended_at is null) = (outcome is null)),
  constraint provider_calls_request unique (provider, provider_request_id)
);
comment on table public.provider_calls is
  'Every call to a cloud image provider, one row each (retries and failovers apart), recorded when the provider gives it an id and updated when it ends. A retried job resumes a call that has not ended instead of paying for a new one. RLS on with no policies: only the server reads it.';
comment on column public.provider_calls.id is 'Call id, chosen by the worker before the call so that recording it twice is harmless.';
comment on column public.provider_calls.generation_id is 'The generation the call was made for; null for a gallery call.';
comment on column public.provider_calls.gallery_index is 'The gallery entry (lib/gallery/prompts) the call was made for; null for a generation.';
comment on column public.provider_calls.provider is 'The provider called: fal or replicate.';
comment on column public.provider_calls.model is 'Our model id (flux-schnell, flux-dev), whatever the provider calls it.';
comment on column public.provider_calls.provider_request_id is 'The provider''s id of the call (Fal request_id, Replicate prediction id), to resume or look it up; null when the submit was refused.';
comment on column public.provider_calls.width is 'Image width asked for, in pixels.';
comment on column public.provider_calls.height is 'Image height asked for, in pixels.';
comment on column public.provider_calls.submitted_at is 'When the submit was sent.';
comment on column public.provider_calls.ended_at is 'When the call ended; null while it is in flight, or when the worker that made it died (it is then resumed).';
comment on column public.provider_calls.outcome is 'succeeded, failed (5xx or bad output), timeout (no result within its deadline), rate_limited (429), rejected (4xx: input or credentials), flagged (safety checker), expired (the provider no longer had it when resumed), cancelled.';
comment on column public.provider_calls.error is 'Why the call did not succeed, as the provider said it.';
comment on column public.provider_calls.latency_ms is 'Time from submit to end, in milliseconds.';
comment on column public.provider_calls.cost_usd is 'Estimated cost in US dollars of a succeeded call; null when unknown.';
comment on column public.provider_calls.output_url is 'URL of the image the provider made, kept so a job that failed to store it downloads it again instead of paying again.';
comment on column public.provider_calls.output_seed is 'Seed the provider used for the image.';
comment on column public.provider_calls.output_width is 'Width of the image the provider made (it can differ from the one asked for).';
comment on column public.provider_calls.output_height is 'Height of the image the provider made.';

create index provider_calls_generation on public.provider_calls (generation_id, submitted_at);

alter table public.provider_calls enable row level security;
