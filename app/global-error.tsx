"use client";

import { useEffect } from "react";
import "./globals.css";

// Replaces the root layout when that layout itself fails (e.g. the environment is invalid), so it
// brings its own <html>, styles and title and depends on nothing the layout provides.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <html lang="en">
      <body className="grid min-h-dvh place-items-center px-4">
        <title>Something went wrong · Likeness</title>
        <main role="alert" className="flex max-w-md flex-col items-center gap-4 text-center">
          <p className="text-sm font-semibold tracking-tight text-accent">Likeness</p>
          <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
          <p className="text-muted">The site could not load. Please try again in a moment.</p>
          <button
            type="button"
            onClick={retry}
            className="h-10 rounded-full bg-accent px-5 text-sm font-medium text-accent-foreground hover:bg-accent-strong"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
