import { type GenerationRow, getGeneration } from "@/lib/generations/repository";
import { readyRedis } from "@/lib/redis";
import { publicUrl } from "@/lib/storage";
import { type FeedItem, FEED_REPLAY, feedItemSchema } from "./item";
import { logger } from "@/lib/observability/log";

const log = logger("feed");

/** Redis keys of the feed: a pub/sub channel for live items and a capped list for the replay. */
export const FEED_CHANNEL = "likeness:feed:live";
export const FEED_RECENT = "likeness:feed:recent";

/** The feed item of a succeeded generation, or null for one that must not be shown (private). */
export function feedItemOf(row: GenerationRow): FeedItem | null {
  if (row.private || row.status !== "succeeded" || !row.object_keys) return null;
  return {
    id: row.id,
    prompt: row.params.prompt,
    style: row.params.style,
    model: row.params.model,
    seed: row.seed ?? row.params.seed,
    width: row.width ?? row.params.width,
    height: row.height ?? row.params.height,
    imageURL: publicUrl(row.object_keys.png),
    created_at: (row.completed_at ?? row.created_at).toISOString(),
  };
}

/**
 * Shows a new public generation in the feed: kept among the last FEED_REPLAY for new connections,
 * and published to every web process's subscriber. One MULTI, so the list and the channel agree.
 * Returns whether it was published (false for a private row).
 */
export async function publishToFeed(row: GenerationRow): Promise<boolean> {
  const item = feedItemOf(row);
  if (!item) return false;
  const json = JSON.stringify(item);
  // readyRedis: the worker's first publish may come before its connection is up (no offline queue).
  await (
    await readyRedis()
  )
    .multi()
    .lpush(FEED_RECENT, json)
    .ltrim(FEED_RECENT, 0, FEED_REPLAY - 1)
    .publish(FEED_CHANNEL, json)
    .exec();
  return true;
}

/** The last FEED_REPLAY public generations, oldest first (the order a stream shows them in). */
export async function recentFeed(): Promise<FeedItem[]> {
  const raw = await (await readyRedis()).lrange(FEED_RECENT, 0, FEED_REPLAY - 1);
  return raw.flatMap((json) => parseItem(json) ?? []).reverse();
}

export function parseItem(json: string): FeedItem | null {
  try {
    const parsed = feedItemSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Called by the worker once a person's generation has succeeded. Reads the row afresh, so privacy is
 * what it is at that moment: a row stays private only while every request for it asked for privacy
 * (repository.upsertQueued), and a public request for the same image chose to share it; requests
 * carry no identity into the feed either way. Never throws: the person has the image regardless.
 */
export async function announceGeneration(generationId: string): Promise<void> {
  try {
    const row = await getGeneration(generationId);
    if (row) await publishToFeed(row);
  } catch (error) {
    log.warn({ generationId, err: (error as Error).message }, "could not publish to the feed");
  }
}
