"use client";

import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { FeedCard } from "./feed-card";
import { type FeedStatus, useLiveFeed } from "./use-live-feed";

const STATUS: Record<FeedStatus, { label: string; dot: string }> = {
  connecting: { label: "Connecting…", dot: "bg-muted" },
  live: { label: "Live", dot: "bg-emerald-500 animate-pulse" },
  reconnecting: { label: "Reconnecting…", dot: "bg-amber-500" },
};

function StatusPill({ status }: { status: FeedStatus }) {
  const { label, dot } = STATUS[status];
  return (
    <span
      data-testid="feed-status"
      data-status={status}
      role="status"
      className="inline-flex items-center gap-2 rounded-full border border-border bg-surface px-3 py-1 text-sm font-medium"
    >
      <span aria-hidden className={`size-2 rounded-full ${dot}`} />
      {label}
    </span>
  );
}

function EmptyFeed() {
  return (
    <div
      data-testid="feed-empty"
      className="flex flex-col items-center gap-4 rounded-3xl border border-dashed border-border px-6 py-16 text-center"
    >
      <div className="space-y-1">
        <p className="text-lg font-semibold">Nothing yet — generate one</p>
        <p className="text-sm text-muted">
          Public avatars appear here the moment they are made. Private ones never do.
        </p>
      </div>
      <Link href="/generate" className={buttonClasses("primary")}>
        Generate an avatar
      </Link>
    </div>
  );
}

/** Public generations as they happen, newest first. */
export function LiveFeed() {
  const { items, status } = useLiveFeed();
  return (
    <section aria-labelledby="feed-heading" className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="feed-heading" className="text-lg font-semibold">
          {items.length > 0 ? `${items.length} recent` : "Recent"}
        </h2>
        <StatusPill status={status} />
      </div>
      {items.length === 0 ? (
        <EmptyFeed />
      ) : (
        <ul
          data-testid="feed-grid"
          className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-5"
        >
          {items.map((item) => (
            <FeedCard key={item.id} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}
