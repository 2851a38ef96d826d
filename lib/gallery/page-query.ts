import { decodeCursor } from "./cursor";

/** What a gallery page is selected by (GalleryQuery after parsing, or built directly by code). */
export interface GalleryFilter {
  style?: string;
  q?: string;
  cursor?: string;
  limit: number;
}

export type RunQuery<T> = (text: string, values: unknown[]) => Promise<T[]>;

/** Ids the first search step looks at: small enough to scan in about a millisecond. */
export const SEARCH_WINDOW = 2_000;

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

type Range = "all" | "recent" | "older";

function pageSql(columns: string, q: GalleryFilter, range: Range, limit: number, window: number) {
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  if (q.style) where.push(`style = ${param(q.style)}`);
  if (q.q) where.push(`search @@ to_tsquery('english', ${param(toPrefixTsquery(q.q) ?? "")})`);
  const lastId = q.cursor ? decodeCursor(q.cursor) : null;
  const upper =
    lastId !== null
      ? param(lastId)
      : "(select coalesce(max(id), 0) + 1 from public.gallery_avatars)";
  if (range === "all" && lastId !== null) where.push(`id < ${upper}`);
  if (range === "recent") where.push(`id < ${upper}`, `id >= ${upper} - ${param(window)}::int`);
  // "id + 0" hides the primary key from the planner, so it takes the GIN index alone and sorts the
  // (few) matches: not walking every older row newest-first looking for them, nor ANDing the GIN
  // result with a bitmap of every older id.
  if (range === "older") where.push(`id + 0 < ${upper} - ${param(window)}::int`);
  const order = range === "older" ? "id + 0 desc" : "id desc";
  const text = `select ${columns} from public.gallery_avatars ${where.length ? `where ${where.join(" and ")}` : ""} order by ${order} limit ${param(limit)}`;
  return { text, values };
}

/**
 * The rows of one page, plus one more when another page exists. Shared by the API and the benchmark,
 * so the benchmark's baseline runs exactly the SQL the API runs.
 *
 * Search takes two steps because Postgres cannot estimate how common a prefix term is: it always
 * walks ids newest-first and filters, which is instant for "smiling" and scans the whole table for a
 * word that matches nothing. So: look at the newest SEARCH_WINDOW ids first (fills the page when the
 * term is common), and only when that falls short, ask the GIN index for the older matches (few, by
 * then).
 */
export async function fetchPageRows<T>(
  run: RunQuery<T>,
  columns: string,
  q: GalleryFilter,
  window = SEARCH_WINDOW,
): Promise<T[]> {
  const want = q.limit + 1;
  const exec = (range: Range, limit: number) => {
    const { text, values } = pageSql(columns, q, range, limit, window);
    return run(text, values);
  };
  if (!q.q) return exec("all", want);
  const recent = await exec("recent", want);
  if (recent.length >= want) return recent;
  return [...recent, ...(await exec("older", want - recent.length))];
}
