-- Administrators: a flag on the profile, granted and revoked by operators with
-- `npm run admin -- user:admin`. RLS is unchanged: users can read their own profile (and so see
-- whether they are an admin) but no policy lets them write it, so only the server changes the flag.

-- ---------------------------------------------------------------------------------------------
-- profiles: who is an administrator.
-- ---------------------------------------------------------------------------------------------
alter table public.profiles
  add column is_admin boolean not null default false;   -- may use the admin pages and endpoints
comment on column public.profiles.is_admin is 'True for administrators; set only by operators (npm run admin -- user:admin).';
