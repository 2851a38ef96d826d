import { absoluteUrl } from "@/lib/api/parse";
import { subscribeToFeed } from "./hub";
import type { FeedItem } from "./item";
import { recentFeed } from "./publish";

const HEARTBEAT_EVERY_MS = 15_000;
/** What an EventSource waits before it reconnects (the SSE `retry:` field). */
const RETRY_MS = 3_000;

/**
 * The feed as Server-Sent Events: the last public generations first (oldest first), then each new
 * one as it succeeds, with a heartbeat comment so proxies keep the connection. Each event's id is the
 * generation's; a reconnect with Last-Event-ID replays only what came after it.
 */
export function feedStream(request: Request): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const lastEventId = request.headers.get("last-event-id");
  let close = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      let replayed = false;
      const seen = new Set<string>();
      const early: FeedItem[] = [];
      const write = (text: string) => open && controller.enqueue(encoder.encode(text));
      const send = (item: FeedItem) => {
        if (seen.has(item.id)) return;
        seen.add(item.id);
        const data = { ...item, imageURL: absoluteUrl(item.imageURL, request) };
        write(`id: ${item.id}\nevent: generation\ndata: ${JSON.stringify(data)}\n\n`);
      };
      // Live items that arrive while the replay is read wait for it, so the order holds.
      const subscription = subscribeToFeed((item) => (replayed ? send(item) : early.push(item)));
      const heartbeat = setInterval(() => write(": heartbeat\n\n"), HEARTBEAT_EVERY_MS);
      close = () => {
        if (!open) return;
        open = false;
        subscription.close();
        clearInterval(heartbeat);
        controller.close();
      };
      request.signal.addEventListener("abort", () => close());
      write(`retry: ${RETRY_MS}\n: connected\n\n`);
      void (async () => {
        await subscription.ready;
        const recent = await recentFeed().catch(() => []);
        const after = recent.findIndex((item) => item.id === lastEventId);
        (after >= 0 ? recent.slice(after + 1) : recent).forEach(send);
        recent.forEach((item) => seen.add(item.id));
        replayed = true;
        early.forEach(send);
      })();
    },
    cancel() {
      close();
    },
  });
}
