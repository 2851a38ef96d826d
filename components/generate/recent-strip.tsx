"use client";

import { Button } from "@/components/ui/button";
import { forgetRecentGenerations, useRecentGenerations } from "./recent-generations";

interface RecentStripProps {
  /** The generation on show, marked in the strip. */
  activeId: string | null;
  onOpen: (id: string) => void;
}

/** This browser's last finished generations (localStorage only: nothing about them is sent anywhere). */
export function RecentStrip({ activeId, onOpen }: RecentStripProps) {
  const recent = useRecentGenerations();
  return (
    <section
      data-testid="generate-recent"
      aria-labelledby="generate-recent-title"
      className="space-y-3"
    >
      <div className="flex items-baseline justify-between gap-4">
        <h2 id="generate-recent-title" className="text-lg font-semibold">
          Recent generations
        </h2>
        {recent.length > 0 && (
          <Button variant="ghost" size="sm" onClick={forgetRecentGenerations}>
            Clear
          </Button>
        )}
      </div>
      {recent.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-border px-4 py-6 text-center text-sm text-muted">
          Avatars you generate in this browser show up here, so you can come back to them.
        </p>
      ) : (
        <ul className="-mx-4 scrollbar-none flex gap-2 overflow-x-auto px-4 py-1 sm:mx-0 sm:grid sm:grid-cols-6 sm:gap-3 sm:overflow-visible sm:px-0 lg:grid-cols-12">
          {recent.map((item) => {
            const active = item.id === activeId;
            return (
              <li key={item.id} className="w-20 shrink-0 sm:w-auto">
                <button
                  type="button"
                  data-testid="generate-recent-item"
                  data-generation-id={item.id}
                  aria-current={active ? "true" : undefined}
                  aria-label={`Show again: ${item.prompt}`}
                  title={item.prompt}
                  onClick={() => onOpen(item.id)}
                  className={`block w-full overflow-hidden rounded-2xl border bg-surface transition hover:-translate-y-0.5 hover:shadow-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent ${
                    active ? "border-accent ring-2 ring-accent" : "border-border"
                  }`}
                >
                  <img
                    src={item.image}
                    alt=""
                    width={256}
                    height={256}
                    loading="lazy"
                    decoding="async"
                    className="aspect-square w-full bg-surface-2 object-cover"
                  />
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
