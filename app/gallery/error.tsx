"use client";

import Link from "next/link";
import { useEffect } from "react";
import { Button, buttonClasses } from "@/components/ui/button";

// Production hides server error messages, so the copy cannot depend on the cause; the common one
// is the database being down (the API answers 503 service_unavailable then).
export default function GalleryError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div className="mx-auto max-w-7xl px-4 py-16 sm:px-6">
      <div
        data-testid="gallery-error"
        role="alert"
        className="mx-auto flex max-w-lg flex-col items-center gap-4 rounded-3xl border border-border bg-surface px-6 py-12 text-center shadow-xs"
      >
        <span
          aria-hidden
          className="grid size-12 place-items-center rounded-full bg-danger-soft text-danger"
        >
          <svg
            viewBox="0 0 20 20"
            className="size-6"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
          >
            <path
              d="M10 6v5m0 3h.01M10 2l8.5 15h-17L10 2Z"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
        </span>
        <div className="space-y-1.5">
          <h1 className="text-xl font-semibold">The gallery is temporarily unavailable</h1>
          <p className="text-sm text-muted">
            We couldn’t reach the avatar library just now. This is usually brief; please try again
            in a moment.
          </p>
        </div>
        <div className="flex gap-2">
          <Button onClick={retry}>Try again</Button>
          <Link href="/" className={buttonClasses("secondary")}>
            Home
          </Link>
        </div>
      </div>
    </div>
  );
}
