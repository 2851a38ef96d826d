import Link from "next/link";
import { SiteNav } from "./site-nav";

export function SiteHeader() {
  return (
    <header className="border-border/70 bg-background/80 sticky top-0 z-30 border-b backdrop-blur-md">
      <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-4 px-4 sm:px-6">
        <Link
          href="/"
          className="focus-visible:outline-accent flex items-center gap-2 rounded-full font-semibold tracking-tight focus-visible:outline-2"
        >
          <span
            aria-hidden
            className="from-accent grid size-7 place-items-center rounded-lg bg-linear-to-br to-fuchsia-500 text-sm font-bold text-white"
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
