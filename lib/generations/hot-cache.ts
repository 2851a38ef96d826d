import { redis } from "@/lib/redis";
import type { GenerationRow } from "./repository";

/**
 * Succeeded generations by cache key, in Redis, in front of the generations table: a repeated
 * request is then answered without touching Postgres. Only finished successes whose variants are made
 * are kept (nothing about them changes after that), read-through on the first hit, for a day. Whatever deletes a generation must forget it here
 * too. Redis being down is never an error: the table answers instead.
 */
const TTL_SECONDS = 24 * 3600;
const key = (hash: string) => `likeness:gen:v1:${hash}`;

/**
 * In front of Redis, each process keeps the rows it answered from in the last few seconds: a popular
 * URL (an <img> on a busy page) is then served without a Redis round trip per request. Short, since
 * another process may delete a generation; this process's own forgetSuccess clears it at once.
 */
const LOCAL_TTL_MS = 5_000;
const LOCAL_MAX = 10_000;
const local = new Map<string, { row: GenerationRow; at: number }>();

function fromLocal(hash: string): GenerationRow | null {
  const entry = local.get(hash);
  if (!entry) return null;
  if (Date.now() - entry.at <= LOCAL_TTL_MS) return entry.row;
  local.delete(hash);
  return null;
}

function keepLocal(row: GenerationRow): void {
  if (local.size >= LOCAL_MAX) local.clear();
  local.set(row.request_hash, { row, at: Date.now() });
}

export async function cachedSuccess(hash: string): Promise<GenerationRow | null> {
  const recent = fromLocal(hash);
  if (recent) return recent;
  try {
    const raw = await redis().get(key(hash));
    if (!raw) return null;
    const row = JSON.parse(raw) as GenerationRow & {
      created_at: string;
      completed_at: string | null;
    };
    const parsed = {
      ...row,
      created_at: new Date(row.created_at),
      completed_at: row.completed_at ? new Date(row.completed_at) : null,
    };
    keepLocal(parsed);
    return parsed;
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
  local.delete(hash);
  await redis()
    .del(key(hash))
    .catch(() => undefined);
}
