import { ApiError } from "@/lib/api/errors";
import { type Queryable, query, transaction } from "@/lib/db";
import type { PgRow } from "@/lib/db/database.types";
import { forgetSuccess } from "@/lib/generations/hot-cache";
import type { ImageObjectKeys } from "@/lib/images/store-image";
import { readyRedis } from "@/lib/redis";
import { deleteObject, isValidKey, publicUrl } from "@/lib/storage";
import { decodeHistoryCursor, encodeHistoryCursor } from "./cursor";
import type { HistoryItem, HistoryPage, HistoryStatus } from "./types";

export const HISTORY_PAGE_SIZE = 24;
export const HISTORY_MAX_PAGE_SIZE = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How stored keys become URLs: root-relative for pages, absolute for API answers. */
export type UrlFor = (key: string) => string;

type HistoryRow = Pick<
  PgRow<"generation_requests">,
  "id" | "generation_id" | "private" | "created_at"
> &
  Pick<
    PgRow<"generations">,
    "prompt" | "style" | "model" | "width" | "height" | "error_code" | "error_message"
  > & {
    /** created_at with its microseconds, for the cursor. */
    cursor_at: string;
    status: HistoryStatus;
    object_keys: ImageObjectKeys | null;
    params: { width?: number; height?: number; style?: string };
  };

const COLUMNS = `r.id, r.generation_id, r.private, r.created_at,
  to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at,
  g.prompt, g.style, g.model, g.status, g.object_keys, g.width, g.height, g.params,
  g.error_code, g.error_message`;

function toItem(row: HistoryRow, url: UrlFor): HistoryItem {
  const keys = row.status === "succeeded" ? row.object_keys : null;
  const webp = keys?.webp ?? {};
  const thumb = webp["256"] ?? webp["128"] ?? webp["512"] ?? keys?.png ?? null;
  return {
    id: row.id,
    generation_id: row.generation_id,
    prompt: row.prompt,
    style: row.style ?? row.params.style ?? "",
    model: row.model,
    width: row.width ?? row.params.width ?? 0,
    height: row.height ?? row.params.height ?? 0,
    status: row.status,
    private: row.private,
    created_at: row.created_at.toISOString(),
    thumbnail_url: thumb ? url(thumb) : null,
    image_url: keys?.png ? url(keys.png) : null,
    error:
      row.status === "failed"
        ? { code: row.error_code ?? "failed", message: row.error_message ?? "Generation failed." }
        : null,
  };
}

/**
 * One page of a user's history: their requests that they have not deleted, newest first, each with
 * its (shared) generation. Keyset-paginated on (created_at, id), which the
 * generation_requests_owner index serves.
 */
export async function listHistory(
  ownerId: string,
  options: { cursor?: string | null; limit?: number; url?: UrlFor } = {},
): Promise<HistoryPage> {
  const limit = Math.min(Math.max(options.limit ?? HISTORY_PAGE_SIZE, 1), HISTORY_MAX_PAGE_SIZE);
  const url = options.url ?? publicUrl;
  if (!UUID.test(ownerId)) return { data: [], next_cursor: null };
  let after: { at: string; id: string } | null = null;
  if (options.cursor) {
    after = decodeHistoryCursor(options.cursor);
    if (!after) throw new ApiError("invalid_parameters", "cursor: is not a valid history cursor");
  }
  const rows = await query<HistoryRow>(
    `select ${COLUMNS}
     from public.generation_requests r join public.generations g on g.id = r.generation_id
     where r.owner_id = $1 and r.hidden_at is null
       and ($2::timestamptz is null or (r.created_at, r.id) < ($2::timestamptz, $3::uuid))
     order by r.created_at desc, r.id desc
     limit $4`,
    [ownerId, after?.at ?? null, after?.id ?? null, limit + 1],
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => toItem(row, url)),
    next_cursor:
      rows.length > limit && last ? encodeHistoryCursor({ at: last.cursor_at, id: last.id }) : null,
  };
}

/** One request of the user's history, or null when it is not theirs (or they deleted it). */
export async function getHistoryItem(
  ownerId: string,
  requestId: string,
  url: UrlFor = publicUrl,
): Promise<HistoryItem | null> {
  if (!UUID.test(ownerId) || !UUID.test(requestId)) return null;
  const [row] = await query<HistoryRow>(
    `select ${COLUMNS}
     from public.generation_requests r join public.generations g on g.id = r.generation_id
     where r.id = $1 and r.owner_id = $2 and r.hidden_at is null`,
    [requestId, ownerId],
  );
  return row ? toItem(row, url) : null;
}

/**
 * Sets a generation's own `private` flag from its requests: public as long as one request that is
 * still shown (not hidden) asked for it publicly; otherwise private. The flag is what keeps a
 * generation out of public listings, so it follows its requesters' choices.
 *
 * A generation made publicly that turns private this way is also taken out of the cache index (a
 * key nobody can ask for, as the migration that introduced private keys does): its public key would
 * otherwise serve it to the next person asking for the same thing. Its requesters still read it;
 * that next person gets a new generation. Returns the key it had, which the caller forgets from the
 * hot cache once committed (the cached copy still says what the privacy was).
 */
async function syncGenerationPrivacy(run: Queryable, generationId: string): Promise<string | null> {
  const [row] = await run<{ previous_hash: string }>(
    `with previous as (
       select id, request_hash from public.generations where id = $1 for update
     ), wanted as (
       select not exists (
         select 1 from public.generation_requests r
         where r.generation_id = $1 and r.hidden_at is null and not r.private
       ) as private
     )
     update public.generations g set
       private = wanted.private,
       request_hash = case
         when wanted.private and not g.private and g.private_owner is null
           then encode(sha256(convert_to('withdrawn:' || g.id::text || ':' || g.request_hash, 'UTF8')), 'hex')
         else g.request_hash
       end
     from previous, wanted
     where g.id = previous.id
     returning previous.request_hash as previous_hash`,
    [generationId],
  );
  return row?.previous_hash ?? null;
}

/**
 * Makes one of the user's requests private or public. Only the owner's own rows are touched (the
 * owner id is part of the WHERE): someone else's request id is "not found", never "forbidden", so
 * ids cannot be probed. Returns the updated item, or null when there is no such request of theirs.
 */
export async function setHistoryPrivacy(
  ownerId: string,
  requestId: string,
  isPrivate: boolean,
  url: UrlFor = publicUrl,
): Promise<HistoryItem | null> {
  if (!UUID.test(ownerId) || !UUID.test(requestId)) return null;
  const found = await transaction(async (run) => {
    const rows = await run<{ generation_id: string }>(
      `update public.generation_requests set private = $3
       where id = $1 and owner_id = $2 and hidden_at is null
       returning generation_id`,
      [requestId, ownerId, isPrivate],
    );
    const generationId = rows[0]?.generation_id;
    if (!generationId) return { found: false, previousHash: null };
    return { found: true, previousHash: await syncGenerationPrivacy(run, generationId) };
  });
  if (found.previousHash) {
    // forgetSuccess never fails; a fresh process's first command would, before Redis has connected.
    await readyRedis().catch(() => undefined);
    await forgetSuccess(found.previousHash);
  }
  return found.found ? getHistoryItem(ownerId, requestId, url) : null;
}

export type DeleteHistoryResult =
  | { status: "not_found" }
  /** Hidden from the user's history; `removed` when the generation and its images went too. */
  | { status: "deleted"; generationId: string; removed: boolean; deletedKeys: string[] };

/**
 * Deletes one request from the user's history.
 *
 * A generation is shared by everyone who asked for the same thing, so "delete" means:
 * 1. The request is hidden (hidden_at): gone from this user's history, whatever else happens.
 * 2. When no other request, anyone's, still shows that generation (every other one is hidden too),
 *    and it has finished, the generation is deleted for good: its stored objects (the PNG and every
 *    WebP in object_keys), its row (its requests go with it), and its entry in the Redis hot cache
 *    (forgetSuccess), so the next identical request makes a new image. A generation still queued or
 *    running is only hidden: its worker is about to write it, and would leave objects no row names.
 * 3. Objects are content-addressed (avatars/<sha256>/...), so the same bytes can also belong to
 *    another generation or to a gallery avatar; an object another row still names is kept.
 *
 * One transaction that locks the generation row, so two owners deleting their requests for the
 * same generation at once cannot both conclude that the other still has it. Objects are deleted
 * before the commit: if storage is down, nothing is deleted (a 503 the user can retry) rather than a
 * row pointing at missing images, or images no row points at.
 */
export async function deleteHistoryItem(
  ownerId: string,
  requestId: string,
): Promise<DeleteHistoryResult> {
  if (!UUID.test(ownerId) || !UUID.test(requestId)) return { status: "not_found" };
  let forget: string | null = null;
  const result = await transaction<DeleteHistoryResult>(async (run) => {
    const target = await run<{
      generation_id: string;
      request_hash: string;
      status: HistoryStatus;
      object_keys: ImageObjectKeys | null;
    }>(
      `select g.id as generation_id, g.request_hash, g.status, g.object_keys
       from public.generation_requests r join public.generations g on g.id = r.generation_id
       where r.id = $1 and r.owner_id = $2 and r.hidden_at is null
       for update of g`,
      [requestId, ownerId],
    );
    const generation = target[0];
    if (!generation) return { status: "not_found" };
    await run(`update public.generation_requests set hidden_at = now() where id = $1`, [requestId]);
    const others = await run<{ shown: boolean }>(
      `select exists (
         select 1 from public.generation_requests
         where generation_id = $1 and hidden_at is null
       ) as shown`,
      [generation.generation_id],
    );
    const finished = generation.status === "succeeded" || generation.status === "failed";
    if (others[0]?.shown || !finished) {
      forget = await syncGenerationPrivacy(run, generation.generation_id);
      return {
        status: "deleted",
        generationId: generation.generation_id,
        removed: false,
        deletedKeys: [],
      };
    }

    await run(`delete from public.generations where id = $1`, [generation.generation_id]);
    const keys = objectKeysOf(generation.object_keys);
    const kept = await run<{ key: string }>(
      `select k.key from unnest($1::text[]) as k(key)
       where exists (
         select 1 from public.generations g
         where g.object_keys->>'png' = k.key
            or exists (select 1 from jsonb_each_text(coalesce(g.object_keys->'webp', '{}'::jsonb)) w
                       where w.value = k.key)
       ) or exists (
         select 1 from public.gallery_avatars a
         where a.object_keys->>'png' = k.key
            or exists (select 1 from jsonb_each_text(coalesce(a.object_keys->'webp', '{}'::jsonb)) w
                       where w.value = k.key)
       )`,
      [keys],
    );
    const keep = new Set(kept.map((r) => r.key));
    const doomed = keys.filter((key) => !keep.has(key));
    forget = generation.request_hash;
    // forgetSuccess never fails; a fresh process's first command would, before Redis has connected.
    await readyRedis().catch(() => undefined);
    await forgetSuccess(generation.request_hash);
    await Promise.all(doomed.map((key) => deleteObject(key)));
    return {
      status: "deleted",
      generationId: generation.generation_id,
      removed: true,
      deletedKeys: doomed,
    };
  });
  // Once more after the commit: a request that read the row from Postgres between the first forget
  // and the commit may have put it back in the hot cache.
  if (forget) {
    await readyRedis().catch(() => undefined);
    await forgetSuccess(forget);
  }
  return result;
}

/** Every storage key of a generation: the PNG and each WebP variant (invalid keys are skipped). */
function objectKeysOf(keys: ImageObjectKeys | null): string[] {
  if (!keys) return [];
  const all = [keys.png, ...Object.values(keys.webp ?? {})].filter(
    (k): k is string => typeof k === "string" && isValidKey(k),
  );
  return [...new Set(all)];
}
