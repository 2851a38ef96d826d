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

-- Supabase grants its API roles every privilege on the public schema's tables, sequences and
-- functions (default privileges of the project's owner), and leaves it to row level security to
-- decide which rows they may read or write. Do the same here, so that locally too it is a policy,
-- never a missing grant, that keeps a row private, and the RLS tests exercise the policies. The
-- `grant … on all` statements cover tables that earlier migrations created; the default privileges
-- cover those that later ones create (as the role that runs the migrations). Skipped on Supabase,
-- recognised by its supabase_admin role, where these grants already exist.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'supabase_admin') then
    grant all on all tables in schema public to anon, authenticated, service_role;
    grant all on all sequences in schema public to anon, authenticated, service_role;
    grant all on all functions in schema public to anon, authenticated, service_role;
    alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
    alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
    alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
  end if;
end
$$;
