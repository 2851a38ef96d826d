"use client";

import { useEffect, useState } from "react";
import type { FeedItem } from "@/lib/feed/item";

export type FeedStatus = "connecting" | "live" | "reconnecting";

/** The page keeps this many cards; older ones drop off the end. */
const MAX_ITEMS = 60;

/**
 * The feed stream, newest first. EventSource reconnects by itself (after the stream's `retry:`
 * hint) and sends Last-Event-ID, so the server replays only what was missed; the status says which
 * state the connection is in for the "live" indicator.
 */
export function useLiveFeed(url = "/api/v1/feed"): { items: FeedItem[]; status: FeedStatus } {
  const [items, setItems] = useState<FeedItem[]>([]);
  const [status, setStatus] = useState<FeedStatus>("connecting");

  useEffect(() => {
    const source = new EventSource(url);
    source.onopen = () => setStatus("live");
    source.onerror = () => setStatus("reconnecting");
    source.addEventListener("generation", (event) => {
      const item = JSON.parse((event as MessageEvent<string>).data) as FeedItem;
      setItems((current) =>
        current.some((i) => i.id === item.id) ? current : [item, ...current].slice(0, MAX_ITEMS),
      );
    });
    return () => source.close();
  }, [url]);

  return { items, status };
}
