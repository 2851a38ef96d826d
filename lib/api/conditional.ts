import { createHash } from "node:crypto";

/** RFC 9110 If-None-Match uses weak comparison: W/"x" matches "x". */
export function ifNoneMatchMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch || !etag) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => bare(tag) === bare(etag));
}

/**
 * A strong ETag for a content-addressed object key (avatars/ab/<sha256>/…): the content's own hash,
 * known without asking storage, so a 304 costs no storage round trip. Other keys: a hash of the key.
 */
export function contentEtag(key: string): string {
  const sha = /(?:^|\/)([0-9a-f]{64})(?:\/|$)/.exec(key)?.[1];
  return `"${sha ?? createHash("sha256").update(key).digest("hex")}"`;
}
