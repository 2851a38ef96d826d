import { createRedis, type Redis } from "@/lib/redis";
import type { FeedItem } from "./item";
import { FEED_CHANNEL, parseItem } from "./publish";
import { logger } from "@/lib/observability/log";

const log = logger("feed");

type Listener = (item: FeedItem) => void;

const globalForFeed = globalThis as typeof globalThis & {
  likenessFeed?: { subscriber: Redis; listeners: Set<Listener>; ready: Promise<void> };
};

/**
 * One Redis subscriber per web process, fanned out to every open feed stream (as lib/queue/events.ts
 * does for jobs), instead of a connection per client. A blocking connection, which waits out
 * outages: ioredis subscribes again by itself once Redis is back.
 */
function hub() {
  if (!globalForFeed.likenessFeed) {
    const listeners = new Set<Listener>();
    const subscriber = createRedis("blocking", "feed");
    subscriber.on("message", (channel: string, message: string) => {
      if (channel !== FEED_CHANNEL) return;
      const item = parseItem(message);
      if (item) listeners.forEach((l) => l(item));
    });
    const ready = subscriber.subscribe(FEED_CHANNEL).then(
      () => undefined,
      (e: Error) => log.warn({ err: e.message }, "feed subscription failed"),
    );
    globalForFeed.likenessFeed = { subscriber, listeners, ready };
  }
  return globalForFeed.likenessFeed;
}

/**
 * Calls `listener` with every new public generation until the returned function is called. The
 * promise resolves once the process's subscription is live (at once after the first time), so a
 * replay read after it cannot miss an item published in between.
 */
export function subscribeToFeed(listener: Listener): { ready: Promise<void>; close: () => void } {
  const { listeners, ready } = hub();
  listeners.add(listener);
  return { ready, close: () => void listeners.delete(listener) };
}

/** Closes the subscriber (tests). */
export async function closeFeedHub(): Promise<void> {
  const current = globalForFeed.likenessFeed;
  globalForFeed.likenessFeed = undefined;
  if (current) await current.subscriber.quit().catch(() => current.subscriber.disconnect());
}
