import { decodeCursor } from "./cursor";

/** What a gallery page is selected by (GalleryQuery after parsing, or built directly by code). */
export interface GalleryFilter {
  style?: string;
  q?: string;
  cursor?: string;
  limit: number;
}

export type RunQuery<T> = (text: string, values: unknown[]) => Promise<T[]>;

/** Rows the first search step examines: about a millisecond of scanning. */
export const SEARCH_WINDOW = 3_000;

/**
 * Free text as a prefix-matching tsquery ("red gla" finds "red glasses"): words only, so nothing a
 * user types can be tsquery syntax. Null when the text has no words at all.
 */
export function toPrefixTsquery(text: string): string | null {
  const words =
    text
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 8) ?? [];
  return words.length === 0 ? null : words.map((w) => `${w}:*`).join(" & ");
}

function conditions(q: GalleryFilter, below: number | null) {
  const values: unknown[] = [];
  const where: string[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  if (q.style) where.push(`style = ${param(q.style)}`);
  const lastId = q.cursor ? decodeCursor(q.cursor) : null;
  if (lastId !== null) where.push(`id < ${param(lastId)}`);
  // "id + 0": this bound must not pull in the primary key (see olderMatchesSql).
  if (below !== null) where.push(`id + 0 < ${param(below)}`);
  const tsquery = q.q ? param(toPrefixTsquery(q.q) ?? "") : null;
  return { values, where, param, tsquery };
}

const clause = (where: string[]) => (where.length ? `where ${where.join(" and ")}` : "");

function pageSql(columns: string, q: GalleryFilter, limit: number) {
  const c = conditions(q, null);
  if (c.tsquery) c.where.push(`search @@ to_tsquery('english', ${c.tsquery})`);
  return {
    text: `select ${columns} from public.gallery_avatars ${clause(c.where)} order by id desc limit ${c.param(limit)}`,
    values: c.values,
  };
}

/**
 * Matches among the newest `window` rows in scope. Postgres runs this lazily: the inner scan stops as
 * soon as the outer LIMIT has its matches, so a common word reads a few dozen rows, not the window.
 */
function recentMatchesSql(columns: string, q: GalleryFilter, limit: number, window: number) {
  const c = conditions(q, null);
  const text = `
    select ${columns} from (
      select ${columns}, search from public.gallery_avatars ${clause(c.where)}
      order by id desc limit ${c.param(window)}
    ) w
    where search @@ to_tsquery('english', ${c.tsquery})
    order by id desc limit ${c.param(limit)}`;
  return { text, values: c.values };
}

/** The lowest id of the newest `window` rows in scope (an index-only walk), or none if fewer exist. */
function windowFloorSql(q: GalleryFilter, window: number) {
  const c = conditions({ ...q, q: undefined }, null);
  return {
    text: `select id from public.gallery_avatars ${clause(c.where)} order by id desc offset ${c.param(window - 1)} limit 1`,
    values: c.values,
  };
}

/**
 * Matches older than `below`, through the GIN index: "id + 0" hides the primary key from the
 * planner, so it neither walks every older row newest-first nor ANDs the GIN result with a bitmap
 * of every older id; it fetches the (few, by then) matches and sorts them.
 */
function olderMatchesSql(columns: string, q: GalleryFilter, limit: number, below: number) {
  const c = conditions(q, below);
  c.where.push(`search @@ to_tsquery('english', ${c.tsquery})`);
  return {
    text: `select ${columns} from public.gallery_avatars ${clause(c.where)} order by id + 0 desc limit ${c.param(limit)}`,
    values: c.values,
  };
}

/**
 * The rows of one page, plus one more when another page exists. Shared by the API and the benchmark,
 * so the benchmark's baseline runs exactly the SQL the API runs.
 *
 * Postgres cannot estimate how common a prefix term is, so it picks one plan for every search: walk
 * ids newest-first and filter (instant for "smiling", a full-table scan for a word that matches
 * nothing), or fetch every match from the GIN index and sort (instant for rare words, tens of ms for
 * thousands of matches). So search takes both, cheapest first: filter the newest SEARCH_WINDOW rows in
 * scope, which fills the page whenever the term is common; only when it does not, and older rows
 * exist, ask the GIN index for the older matches, which are then few.
 */
export async function fetchPageRows<T>(
  run: RunQuery<T>,
  columns: string,
  q: GalleryFilter,
  window = SEARCH_WINDOW,
): Promise<T[]> {
  const want = q.limit + 1;
  if (!q.q) {
    const { text, values } = pageSql(columns, q, want);
    return run(text, values);
  }
  const recent = await run(...spread(recentMatchesSql(columns, q, want, window)));
  if (recent.length >= want) return recent;
  // The window did not fill the page: its floor says where older matches start, if anything is older.
  const floor = await run(...spread(windowFloorSql(q, window)));
  const below = (floor[0] as { id?: number } | undefined)?.id;
  if (below === undefined) return recent;
  const older = await run(...spread(olderMatchesSql(columns, q, want - recent.length, below)));
  return [...recent, ...older];
}

function spread(sql: { text: string; values: unknown[] }): [string, unknown[]] {
  return [sql.text, sql.values];
}
