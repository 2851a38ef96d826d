-- Likeness: core schema. Applies unchanged to a Supabase project (`supabase db push`) and to the
-- local PostgreSQL through `npm run migrate` (which first adds a minimal `auth` schema there).

-- ---------------------------------------------------------------------------------------------
-- tiers: the limits of each kind of user, as data so ops can change a limit without a deploy.
-- ---------------------------------------------------------------------------------------------
create table public.tiers (
  id text primary key,                                   -- anonymous | free | premium | enterprise
  name text not null,                                    -- display name
  daily_quota integer not null check (daily_quota >= 0), -- generations per UTC day
  rate_per_minute integer not null check (rate_per_minute > 0), -- API/generate requests per minute
  concurrent_jobs integer not null check (concurrent_jobs > 0), -- generations in flight at once
  queue_priority integer not null check (queue_priority between 1 and 2097151), -- BullMQ priority, lower runs first
  allowed_models text[] not null,                        -- model ids this tier may request
  max_size integer not null check (max_size between 64 and 2048), -- longest image side, pixels
  updated_at timestamptz not null default now()          -- last change, for cache busting and audit
);
comment on table public.tiers is 'Limits per user tier. Read by the web and worker processes (cached briefly).';
comment on column public.tiers.id is 'Tier key: anonymous, free, premium or enterprise.';
comment on column public.tiers.name is 'Human-readable tier name.';
comment on column public.tiers.daily_quota is 'Generations allowed per UTC day.';
comment on column public.tiers.rate_per_minute is 'Requests allowed per minute per identity.';
comment on column public.tiers.concurrent_jobs is 'Generations one identity may have in flight at once.';
comment on column public.tiers.queue_priority is 'BullMQ job priority; lower numbers are served first.';
comment on column public.tiers.allowed_models is 'Model ids this tier may use.';
comment on column public.tiers.max_size is 'Largest allowed image side in pixels.';
comment on column public.tiers.updated_at is 'When the row last changed.';

insert into public.tiers (id, name, daily_quota, rate_per_minute, concurrent_jobs, queue_priority, allowed_models, max_size) values
  ('anonymous',  'Anonymous',  3,     10,  1,  15, array['flux-schnell'],             1280),
  ('free',       'Free',       10,    20,  2,  10, array['flux-schnell'],             1280),
  ('premium',    'Premium',    500,   60,  4,  2,  array['flux-schnell', 'flux-dev'], 2048),
  ('enterprise', 'Enterprise', 20000, 600, 32, 1,  array['flux-schnell', 'flux-dev'], 2048)
on conflict (id) do nothing;

alter table public.tiers enable row level security;
create policy "Tiers are public" on public.tiers for select to anon, authenticated using (true);

-- ---------------------------------------------------------------------------------------------
-- profiles: one row per Supabase Auth user.
-- ---------------------------------------------------------------------------------------------
create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade, -- the auth.users id
  tier_id text not null default 'free' references public.tiers (id), -- the user's tier
  overrides jsonb not null default '{}'::jsonb,          -- per-account limit overrides (enterprise), same keys as tiers
  created_at timestamptz not null default now()          -- sign-up time
);
comment on table public.profiles is 'Likeness account data for each auth user: tier and per-account overrides.';
comment on column public.profiles.id is 'The auth.users id of this user.';
comment on column public.profiles.tier_id is 'The tier whose limits apply.';
comment on column public.profiles.overrides is 'Per-account overrides of tier limits, e.g. {"daily_quota": 100000}.';
comment on column public.profiles.created_at is 'When the profile was created.';

alter table public.profiles enable row level security;
create policy "Users read their own profile" on public.profiles for select to authenticated
  using ((select auth.uid()) = id);

-- Every new auth user gets a free profile, whichever way they signed up.
create function public.handle_new_user() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.profiles (id) values (new.id) on conflict (id) do nothing;
  return new;
end;
$$;
comment on function public.handle_new_user() is 'Creates the free profile of a newly signed-up auth user.';
create trigger on_auth_user_created after insert on auth.users
  for each row execute function public.handle_new_user();

-- ---------------------------------------------------------------------------------------------
-- api_keys: enterprise API keys, stored only as a SHA-256 hash.
-- ---------------------------------------------------------------------------------------------
create table public.api_keys (
  id uuid primary key default gen_random_uuid(),         -- key id (safe to show and log)
  owner_id uuid not null references public.profiles (id) on delete cascade, -- the owning user
  name text not null check (length(name) between 1 and 100), -- the owner's label for the key
  prefix text not null,                                  -- first characters of the key, to recognise it
  key_hash text not null unique,                         -- hex SHA-256 of the full key; the key itself is never stored
  created_at timestamptz not null default now(),         -- creation time
  last_used_at timestamptz,                              -- last authenticated request
  revoked_at timestamptz,                                -- set when revoked; a revoked key never works again
  expires_at timestamptz                                 -- optional expiry
);
comment on table public.api_keys is 'API keys of enterprise users. Only the SHA-256 hash of a key is stored.';
comment on column public.api_keys.id is 'Key id, safe to show and log.';
comment on column public.api_keys.owner_id is 'The profile that owns the key.';
comment on column public.api_keys.name is 'Label chosen by the owner.';
comment on column public.api_keys.prefix is 'Leading characters of the key, shown so owners can tell keys apart.';
comment on column public.api_keys.key_hash is 'Hex SHA-256 of the key. Lookups compare hashes.';
comment on column public.api_keys.created_at is 'When the key was created.';
comment on column public.api_keys.last_used_at is 'When the key last authenticated a request.';
comment on column public.api_keys.revoked_at is 'When the key was revoked, if it was.';
comment on column public.api_keys.expires_at is 'When the key stops working, if it expires.';
create index api_keys_owner_idx on public.api_keys (owner_id);

alter table public.api_keys enable row level security;
create policy "Users read their own keys" on public.api_keys for select to authenticated
  using ((select auth.uid()) = owner_id);

-- ---------------------------------------------------------------------------------------------
-- daily_usage: generations charged per subject and UTC day.
-- ---------------------------------------------------------------------------------------------
create table public.daily_usage (
  subject text not null,                                 -- who is charged: user:<uuid>, key:<uuid> or anon:<id>
  day date not null,                                     -- the UTC day
  count integer not null default 0 check (count >= 0),   -- generations charged that day
  primary key (subject, day)
);
comment on table public.daily_usage is
  'Quota counters. Charged with one atomic INSERT ... ON CONFLICT DO UPDATE ... WHERE count < limit. '
  'RLS on with no policies: only the server (service role) reads or writes it.';
comment on column public.daily_usage.subject is 'The charged identity: user:<uuid>, key:<uuid> or anon:<id>.';
comment on column public.daily_usage.day is 'UTC day of the charge.';
comment on column public.daily_usage.count is 'Generations charged on that day.';

alter table public.daily_usage enable row level security;

-- ---------------------------------------------------------------------------------------------
-- generations: the cache index and the record of every on-demand generation.
-- ---------------------------------------------------------------------------------------------
create table public.generations (
  id uuid primary key default gen_random_uuid(),         -- generation id, as the API shows it
  request_hash text not null unique,                     -- SHA-256 of the normalized parameters: the cache key
  params jsonb not null,                                 -- normalized request parameters
  prompt text not null,                                  -- the prompt as normalized
  style text,                                            -- avatar style id, if any
  model text not null,                                   -- model id, e.g. flux-schnell
  provider text,                                         -- fal, replicate or local, once known
  status text not null default 'queued'
    check (status in ('queued', 'running', 'succeeded', 'failed')), -- lifecycle state
  error_code text,                                       -- machine-readable failure reason
  error_message text,                                    -- human-readable failure reason
  object_keys jsonb,                                     -- storage keys of the original and each variant
  seed bigint,                                           -- seed used
  width integer,                                         -- image width in pixels
  height integer,                                        -- image height in pixels
  private boolean not null default false,                -- kept out of the public feed
  owner_id uuid references public.profiles (id) on delete set null, -- signed-in owner, if any
  subject text,                                          -- charged identity (see daily_usage.subject)
  latency_ms integer,                                    -- provider time, milliseconds
  cost_usd numeric(10, 5),                               -- estimated provider cost
  created_at timestamptz not null default now(),         -- request time
  completed_at timestamptz                               -- success or failure time
);
comment on table public.generations is 'Cache index and job record of on-demand generations, keyed by request_hash.';
comment on column public.generations.id is 'Generation id exposed by the API.';
comment on column public.generations.request_hash is 'SHA-256 of canonical normalized params plus cache version; identical requests share it.';
comment on column public.generations.params is 'Normalized parameters the image was made from.';
comment on column public.generations.prompt is 'Normalized prompt.';
comment on column public.generations.style is 'Avatar style id, if one was chosen.';
comment on column public.generations.model is 'Model id that made (or will make) the image.';
comment on column public.generations.provider is 'Provider that made the image: fal, replicate or local.';
comment on column public.generations.status is 'queued, running, succeeded or failed.';
comment on column public.generations.error_code is 'Failure code when status is failed.';
comment on column public.generations.error_message is 'Failure description when status is failed.';
comment on column public.generations.object_keys is 'Storage keys of the PNG original and WebP variants.';
comment on column public.generations.seed is 'Seed the image was generated with.';
comment on column public.generations.width is 'Image width in pixels.';
comment on column public.generations.height is 'Image height in pixels.';
comment on column public.generations.private is 'True keeps the generation out of the public feed.';
comment on column public.generations.owner_id is 'Signed-in user who asked first, if any.';
comment on column public.generations.subject is 'Identity that was charged for it.';
comment on column public.generations.latency_ms is 'Time the provider took, in milliseconds.';
comment on column public.generations.cost_usd is 'Estimated provider cost in US dollars.';
comment on column public.generations.created_at is 'When it was first requested.';
comment on column public.generations.completed_at is 'When it succeeded or failed.';
create index generations_owner_idx on public.generations (owner_id, created_at desc);
create index generations_public_feed_idx on public.generations (completed_at desc)
  where status = 'succeeded' and not private;

alter table public.generations enable row level security;
create policy "Public generations are readable" on public.generations for select to anon, authenticated
  using (status = 'succeeded' and not private);
create policy "Users read their own generations" on public.generations for select to authenticated
  using ((select auth.uid()) = owner_id);

-- ---------------------------------------------------------------------------------------------
-- gallery_avatars: the pre-generated gallery.
-- ---------------------------------------------------------------------------------------------
create table public.gallery_avatars (
  id bigint generated always as identity primary key,    -- gallery id; also the keyset pagination key
  style text not null,                                   -- avatar style id
  prompt text not null,                                  -- prompt the avatar was generated from
  seed bigint not null,                                  -- generator seed
  tags text[] not null default '{}',                     -- searchable tags (traits, style, mood)
  content_sha256 text not null,                          -- hex SHA-256 of the PNG original
  object_keys jsonb not null,                            -- storage keys: {"png": …, "webp": {"128": …, …}}
  width integer not null,                                -- PNG original width in pixels
  height integer not null,                               -- PNG original height in pixels
  blur_data_url text not null,                           -- tiny WebP data URL shown while loading
  search tsvector not null default ''::tsvector,         -- full-text index of prompt, tags and style (trigger-maintained)
  created_at timestamptz not null default now(),         -- when it was added
  unique (style, seed, prompt)
);
comment on table public.gallery_avatars is 'Pre-generated avatars of the public gallery, one row per avatar.';
comment on column public.gallery_avatars.id is 'Gallery id; newest first, and the keyset pagination key.';
comment on column public.gallery_avatars.style is 'Avatar style id.';
comment on column public.gallery_avatars.prompt is 'Prompt the avatar was generated from.';
comment on column public.gallery_avatars.seed is 'Generator seed.';
comment on column public.gallery_avatars.tags is 'Searchable tags: traits, style and mood words.';
comment on column public.gallery_avatars.content_sha256 is 'Hex SHA-256 of the PNG original; objects are stored under it.';
comment on column public.gallery_avatars.object_keys is 'Storage keys of the PNG original and each WebP variant.';
comment on column public.gallery_avatars.width is 'Width of the PNG original in pixels.';
comment on column public.gallery_avatars.height is 'Height of the PNG original in pixels.';
comment on column public.gallery_avatars.blur_data_url is 'Tiny blurred placeholder as a data: URL.';
comment on column public.gallery_avatars.search is 'Full-text search vector over prompt, tags and style, kept by a trigger.';
comment on column public.gallery_avatars.created_at is 'When the avatar was added to the gallery.';

-- A trigger rather than a generated column: array_to_string is not immutable, so it cannot be used there.
create function public.gallery_avatars_search_update() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.search :=
    setweight(to_tsvector('english'::regconfig, new.prompt), 'A') ||
    setweight(to_tsvector('english'::regconfig, array_to_string(new.tags, ' ') || ' ' || replace(new.style, '-', ' ')), 'B');
  return new;
end;
$$;
comment on function public.gallery_avatars_search_update() is 'Keeps gallery_avatars.search in step with prompt, tags and style.';
create trigger gallery_avatars_search before insert or update of prompt, tags, style on public.gallery_avatars
  for each row execute function public.gallery_avatars_search_update();

create index gallery_avatars_style_idx on public.gallery_avatars (style, id desc);
create index gallery_avatars_search_idx on public.gallery_avatars using gin (search);

alter table public.gallery_avatars enable row level security;
create policy "The gallery is public" on public.gallery_avatars for select to anon, authenticated using (true);

grant select on public.tiers, public.gallery_avatars to anon, authenticated;
grant select on public.profiles, public.api_keys, public.generations to authenticated;
grant select on public.generations to anon;
