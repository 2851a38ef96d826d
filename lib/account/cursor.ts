/**
 * History cursors: the (created_at, id) of a page's last request, opaque to clients. The time keeps
 * Postgres's microseconds (a JS Date would round them to milliseconds and skip or repeat rows).
 */
const PREFIX = "h1:";
const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface HistoryCursor {
  /** created_at with microseconds, UTC: 2026-11-22T10:00:00.123456Z */
  at: string;
  id: string;
}

export function encodeHistoryCursor(cursor: HistoryCursor): string {
  return Buffer.from(`${PREFIX}${cursor.at}|${cursor.id}`, "utf8").toString("base64url");
}

/** The position inside a cursor, or null when it is not one of ours. */
export function decodeHistoryCursor(cursor: string): HistoryCursor | null {
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith(PREFIX)) return null;
  const [at, id, ...rest] = text.slice(PREFIX.length).split("|");
  if (rest.length > 0 || !at || !id || !AT.test(at) || !UUID.test(id)) return null;
  if (Number.isNaN(Date.parse(at))) return null;
  return { at, id };
}
