import { redis } from "@/lib/redis";
import type { GenerationRow } from "./repository";

/**
 * Succeeded generations by cache key, in Redis, in front of the generations table: a repeated
 * request is then answered without touching Postgres. Only finished successes whose variants are made
 * are kept (nothing about them changes after that), read-through on the first hit, for a day. Whatever deletes a generation must forget it here
 * too. Redis being down is never an error: the table answers instead.
 */
const TTL_SECONDS = 24 * 3600;
// v2: rows carry private_owner, and private rows moved to owner-scoped keys (normalize.cacheKey).
const key = (hash: string) => `likeness:gen:v2:${hash}`;

export async function cachedSuccess(hash: string): Promise<GenerationRow | null> {
  try {
    const raw = await redis().get(key(hash));
    if (!raw) return null;
    const row = JSON.parse(raw) as GenerationRow & {
      created_at: string;
      completed_at: string | null;
    };
    return {
      ...row,
      created_at: new Date(row.created_at),
      completed_at: row.completed_at ? new Date(row.completed_at) : null,
    };
  } catch {
    return null;
  }
}

export async function rememberSuccess(row: GenerationRow): Promise<void> {
  if (row.status !== "succeeded" || row.object_keys?.variants_pending) return;
  await redis()
    .set(key(row.request_hash), JSON.stringify(row), "EX", TTL_SECONDS)
    .catch(() => undefined);
}

export async function forgetSuccess(hash: string): Promise<void> {
  await redis()
    .del(key(hash))
    .catch(() => undefined);
}
