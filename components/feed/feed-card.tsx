import type { FeedItem } from "@/lib/feed/item";

/** One public generation: the image, its prompt, and what made it. */
export function FeedCard({ item }: { item: FeedItem }) {
  return (
    <li
      data-testid="feed-item"
      data-id={item.id}
      className="overflow-hidden rounded-2xl border border-border bg-surface shadow-sm"
    >
      <a href={item.imageURL} target="_blank" rel="noreferrer" className="block bg-surface-2">
        <img
          src={item.imageURL}
          alt={item.prompt}
          width={item.width}
          height={item.height}
          loading="lazy"
          className="aspect-square w-full object-cover"
        />
      </a>
      <div className="space-y-1 p-3">
        <p className="line-clamp-2 text-sm font-medium" title={item.prompt}>
          {item.prompt}
        </p>
        <p className="text-xs text-muted">
          {item.model} · {item.width}×{item.height} · seed {item.seed}
        </p>
      </div>
    </li>
  );
}
