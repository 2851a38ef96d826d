import { getObjectBytes } from "./index";

/**
 * Recently served objects' bytes, in this process's memory, least recently used out first. Sound
 * because keys are content-addressed: the bytes under a key never change. It spares a storage round
 * trip on every repeat of a popular image URL (GET /prompt/…), where that trip was most of the cost.
 * A Map keeps insertion order, which is all an LRU needs; no dependency is worth that.
 */
const MAX_BYTES = 64 * 1024 * 1024;
/** Larger objects are streamed from storage each time rather than pushing dozens of others out. */
const MAX_OBJECT_BYTES = 8 * 1024 * 1024;

const entries = new Map<string, Buffer>();
const loading = new Map<string, Promise<Buffer | null>>();
let total = 0;

function remember(key: string, bytes: Buffer): void {
  if (bytes.byteLength > MAX_OBJECT_BYTES || entries.has(key)) return;
  entries.set(key, bytes);
  total += bytes.byteLength;
  for (const [oldest, old] of entries) {
    if (total <= MAX_BYTES) break;
    entries.delete(oldest);
    total -= old.byteLength;
  }
}

/** An object's bytes from memory, else from storage (concurrent misses share one read); null if absent. */
export async function cachedObjectBytes(key: string): Promise<Buffer | null> {
  const hit = entries.get(key);
  if (hit) {
    // Re-inserted: now the most recently used.
    entries.delete(key);
    entries.set(key, hit);
    return hit;
  }
  let pending = loading.get(key);
  if (!pending) {
    pending = getObjectBytes(key).finally(() => loading.delete(key));
    loading.set(key, pending);
  }
  const bytes = await pending;
  if (bytes) remember(key, bytes);
  return bytes;
}

/** Forget everything (tests). */
export function clearObjectMemoryCache(): void {
  entries.clear();
  total = 0;
}
