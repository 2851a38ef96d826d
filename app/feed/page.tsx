import type { Metadata } from "next";
import { LiveFeed } from "@/components/feed/live-feed";

export const metadata: Metadata = {
  title: "Live feed",
  description: "Public avatars as they are generated, live.",
};

export default function FeedPage() {
  return (
    <div className="mx-auto max-w-7xl px-4 py-8 sm:px-6 sm:py-10">
      <header className="mb-8 space-y-1.5">
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Live feed</h1>
        <p className="max-w-2xl text-muted">
          Every public avatar, the moment it is made, through any of the APIs. Scripts can follow
          the same stream: <code className="text-sm">curl -N {"<host>"}/feed</code>.
        </p>
      </header>
      <LiveFeed />
    </div>
  );
}
