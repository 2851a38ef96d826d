import type { ReactNode } from "react";
import { StyleCredits } from "./style-credits";

/** Title block shared by the gallery page and its loading skeleton, so neither shifts the other. */
export function GalleryHeader({ summary }: { summary: ReactNode }) {
  return (
    <header className="space-y-4">
      <div className="space-y-1.5">
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Gallery</h1>
        <p className="min-h-6 text-muted">{summary}</p>
      </div>
      <StyleCredits />
    </header>
  );
}
