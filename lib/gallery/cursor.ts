/**
 * Keyset cursors: the last id of a page, wrapped so clients treat it as opaque (and we can change
 * the ordering later without breaking stored links).
 */
const PREFIX = "g1:";

export function encodeCursor(lastId: number): string {
  return Buffer.from(`${PREFIX}${lastId}`, "utf8").toString("base64url");
}

/** The id inside a cursor, or null when the cursor is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^g1:([1-9]\d{0,14})$/.exec(text);
  return match ? Number(match[1]) : null;
}
