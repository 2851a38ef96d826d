-- Similar gallery avatars for a prompt (GET /api/v1/gallery/similar, the suggestions on /generate):
-- trigram similarity of the prompt, beside the full-text `search` vector the gallery already has.

-- pg_trgm ships with the server (Debian's postgresql-15 package, and Supabase). It goes into the
-- `extensions` schema, where Supabase keeps extensions and its advisor expects them, not into
-- `public`, where its functions would sit among ours and in the generated API. Plain PostgreSQL has
-- no such schema, so it is made here (a no-op on Supabase). The app's queries name the schema
-- (extensions.similarity, operator(extensions.%)), as the local search_path does not include it.
create schema if not exists extensions;
comment on schema extensions is 'Extensions (pg_trgm), kept out of public as on Supabase.';

create extension if not exists pg_trgm with schema extensions;

-- An earlier plain `create extension pg_trgm` would have put it in public, and `if not exists` would
-- leave it there, breaking the schema-qualified names below. pg_trgm is relocatable: move it.
do $$
begin
  if exists (select 1 from pg_extension e join pg_namespace n on n.oid = e.extnamespace
             where e.extname = 'pg_trgm' and n.nspname <> 'extensions') then
    alter extension pg_trgm set schema extensions;
  end if;
end
$$;

-- GIN rather than GiST: the gallery is read far more than it is written, and GIN answers the
-- similarity operators (%, <%) faster; GiST's only gain, ordering by distance, is not used here.
create index gallery_avatars_prompt_trgm_idx on public.gallery_avatars
  using gin (prompt extensions.gin_trgm_ops);
comment on index public.gallery_avatars_prompt_trgm_idx is
  'Trigram index of the prompt: finds avatars whose prompt resembles a typed one (lib/gallery/similar.ts).';
