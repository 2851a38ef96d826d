-- The admin page's charts (lib/admin/generation-stats.ts) read the last hours of generations by the
-- time they ended, and of requests by the time they came: each an index range scan, however many
-- rows the tables hold. No new tables or columns, so RLS and comments are unchanged.

create index generations_completed_at_idx on public.generations (completed_at)
  where completed_at is not null;
comment on index public.generations_completed_at_idx is
  'Generations by end time: the admin page''s outcomes per hour and provider share.';

create index generation_requests_created_at_idx on public.generation_requests (created_at);
comment on index public.generation_requests_created_at_idx is
  'Requests by time: the admin page''s cache hit ratio per hour.';
