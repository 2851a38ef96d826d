-- A minimal stand-in for the parts of Supabase that our migrations reference, for plain PostgreSQL.
-- Applied by `scripts/migrate.ts` before the migrations, and only where Supabase's own objects are
-- absent: on a real Supabase project every statement here is a no-op.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

create schema if not exists auth;
comment on schema auth is 'Local stand-in for Supabase Auth: users and the uid()/jwt() helpers that RLS policies call.';

create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  email text unique,
  raw_user_meta_data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
comment on table auth.users is 'Local stand-in for Supabase auth.users (only the columns Likeness uses).';

do $$
begin
  -- Same definitions as Supabase's: the JWT claims arrive as the request.jwt.claims setting.
  if not exists (select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                 where n.nspname = 'auth' and p.proname = 'jwt') then
    execute $f$
      create function auth.jwt() returns jsonb language sql stable as
      'select coalesce(nullif(current_setting(''request.jwt.claim'', true), ''''),
                       nullif(current_setting(''request.jwt.claims'', true), ''''))::jsonb'
    $f$;
  end if;
  if not exists (select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                 where n.nspname = 'auth' and p.proname = 'uid') then
    execute $f$
      create function auth.uid() returns uuid language sql stable as
      'select coalesce(nullif(current_setting(''request.jwt.claim.sub'', true), ''''),
                       (nullif(current_setting(''request.jwt.claims'', true), '''')::jsonb ->> ''sub''))::uuid'
    $f$;
  end if;
end
$$;

grant usage on schema auth to anon, authenticated, service_role;
grant usage on schema public to anon, authenticated, service_role;
