-- Private generations stay private.
--
-- A generation row is shared by everyone who asks for the same thing, under one cache key
-- (request_hash). Until now a private request used the same key as a public one, so anyone asking
-- for the same parameters was served the private row (its id and image), and a public request made
-- a private row public. From here on a private request's key includes its owner
-- (lib/generations/normalize.ts cacheKey: sha256 of `<public key>:private:<owner>`), so a private
-- row is only ever its owner's, and public rows only ever meet public requests.

alter table public.generations
  add column private_owner text;                         -- whose private generation this is: user:<uuid> or anon:<visitor id>
comment on column public.generations.private_owner is
  'Owner of a generation made privately: user:<uuid> (an account, through its session or any of its keys) or anon:<visitor id>. Part of its cache key, so only that owner is served it from the cache; null for generations made publicly.';
comment on column public.generations.private is
  'True: readable only by its owner (private_owner) or by the accounts with a request for it, never in the feed or the gallery, and never served from the cache to anyone else.';

-- Existing private rows. One that a single account asked for becomes that account's, under the key
-- the app now computes for it, so its owner keeps being served it from the cache.
with single_owner as (
  select g.id, 'user:' || min(r.owner_id::text) as owner
  from public.generations g join public.generation_requests r on r.generation_id = g.id
  where g.private
  group by g.id
  having count(distinct r.owner_id) = 1 and bool_and(r.owner_id is not null)
)
update public.generations g
set private_owner = s.owner,
    request_hash = encode(sha256(convert_to(g.request_hash || ':private:' || s.owner, 'UTF8')), 'hex')
from single_owner s
where g.id = s.id;

-- Any other private row (several requesters, or anonymous ones) is taken out of the cache index: a
-- key nobody can ask for. The accounts with a request for it can still read it; a new request for
-- the same parameters makes a new generation.
update public.generations
set request_hash = encode(sha256(convert_to('withdrawn:' || id::text || ':' || request_hash, 'UTF8')), 'hex')
where private and private_owner is null;

create policy "Owners read their private generations" on public.generations for select to authenticated
  using (private_owner = 'user:' || (select auth.uid())::text);
