import Link from "next/link";
import { SiteNav } from "./site-nav";

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-30 border-b border-border/70 bg-background/80 backdrop-blur-md">
      <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-4 px-4 sm:px-6">
        <Link
          href="/"
          className="flex items-center gap-2 rounded-full font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-accent"
        >
          <span
            aria-hidden
            className="grid size-7 place-items-center rounded-lg bg-linear-to-br from-accent to-fuchsia-500 text-sm font-bold text-white"
          >
            L
          </span>
          Likeness
        </Link>
        <SiteNav />
      </div>
    </header>
  );
}
