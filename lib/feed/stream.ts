import { absoluteUrl } from "@/lib/api/parse";
import { eventStream } from "@/lib/api/sse";
import { subscribeToFeed } from "./hub";
import type { FeedItem } from "./item";
import { recentFeed } from "./publish";

/** What an EventSource waits before it reconnects (the SSE `retry:` field). */
const RETRY_MS = 3_000;

/**
 * The feed as Server-Sent Events: the last public generations first (oldest first), then each new
 * one as it succeeds. Each event's id is the generation's; a reconnect with Last-Event-ID replays
 * only what came after it.
 */
export function feedStream(request: Request): ReadableStream<Uint8Array> {
  const lastEventId = request.headers.get("last-event-id");
  return eventStream(
    request,
    (sink) => {
      let replayed = false;
      const seen = new Set<string>();
      const early: FeedItem[] = [];
      const send = (item: FeedItem) => {
        if (seen.has(item.id)) return;
        seen.add(item.id);
        sink.send(
          "generation",
          { ...item, imageURL: absoluteUrl(item.imageURL, request) },
          item.id,
        );
      };
      // Live items that arrive while the replay is read wait for it, so the order holds.
      const subscription = subscribeToFeed((item) => (replayed ? send(item) : early.push(item)));
      sink.comment("connected");
      void (async () => {
        await subscription.ready;
        const recent = await recentFeed().catch(() => []);
        const after = recent.findIndex((item) => item.id === lastEventId);
        (after >= 0 ? recent.slice(after + 1) : recent).forEach(send);
        recent.forEach((item) => seen.add(item.id));
        replayed = true;
        early.forEach(send);
      })();
      return () => subscription.close();
    },
    { retryMs: RETRY_MS },
  );
}
