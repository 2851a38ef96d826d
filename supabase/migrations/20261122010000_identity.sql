-- Identity, quotas and per-person history on top of the shared generation cache.
--
-- A generation row is shared by everyone who asks for the same thing (the cache index). Who asked,
-- whether they were charged, and whether they want it private is per request: generation_requests.

-- ---------------------------------------------------------------------------------------------
-- generation_requests: one row per accepted request (charged miss, or free cache hit).
-- ---------------------------------------------------------------------------------------------
create table public.generation_requests (
  id uuid primary key default gen_random_uuid(),         -- request id
  generation_id uuid not null references public.generations (id) on delete cascade, -- the shared generation
  subject text not null,                                 -- who asked: user:<uuid>, key:<uuid> or anon:<id>
  owner_id uuid references public.profiles (id) on delete cascade, -- signed-in user (directly or through their key), if any
  api_key_id uuid references public.api_keys (id) on delete set null, -- the key used, if any
  private boolean not null default false,                -- kept out of the public feed and gallery
  charged_day date,                                      -- UTC day charged against the quota; null for a cache hit
  refunded_at timestamptz,                               -- set once when a charged generation failed and was refunded
  hidden_at timestamptz,                                 -- set when the owner deleted it from their history
  created_at timestamptz not null default now()          -- request time
);
comment on table public.generation_requests is
  'Who asked for which generation: history, privacy, quota charges and refunds (each refunded once).';
comment on column public.generation_requests.id is 'Request id.';
comment on column public.generation_requests.generation_id is 'The shared generation (cache entry) this request got.';
comment on column public.generation_requests.subject is 'The charged identity: user:<uuid>, key:<uuid> or anon:<id>.';
comment on column public.generation_requests.owner_id is 'Signed-in owner (also for requests made with their API keys).';
comment on column public.generation_requests.api_key_id is 'API key the request used, if any.';
comment on column public.generation_requests.private is 'True: never shown in the public feed.';
comment on column public.generation_requests.charged_day is 'UTC day the request was charged on; null when it was a free cache hit.';
comment on column public.generation_requests.refunded_at is 'When the charge was refunded because the generation failed; set at most once.';
comment on column public.generation_requests.hidden_at is 'When the owner deleted it from their history.';
comment on column public.generation_requests.created_at is 'Request time.';

create index generation_requests_generation on public.generation_requests (generation_id);
create index generation_requests_owner on public.generation_requests (owner_id, created_at desc)
  where owner_id is not null and hidden_at is null;
create index generation_requests_subject on public.generation_requests (subject, created_at desc);

alter table public.generation_requests enable row level security;
create policy "Users read their own requests" on public.generation_requests for select to authenticated
  using ((select auth.uid()) = owner_id);

-- ---------------------------------------------------------------------------------------------
-- profiles: the email, copied from auth.users, so server queries and the admin CLI need no join
-- into the auth schema.
-- ---------------------------------------------------------------------------------------------
alter table public.profiles add column email text;
comment on column public.profiles.email is 'The user''s email, copied from auth.users at sign-up.';
create unique index profiles_email on public.profiles (lower(email)) where email is not null;

create or replace function public.handle_new_user() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.profiles (id, email) values (new.id, new.email)
  on conflict (id) do update set email = excluded.email;
  return new;
end;
$$;
