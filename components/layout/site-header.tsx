import Link from "next/link";
import { SiteNav } from "./site-nav";
import { UserMenu } from "./user-menu";

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-30 border-b border-border/70 bg-background/80 backdrop-blur-md">
      <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-2 px-4 sm:gap-4 sm:px-6">
        <Link
          href="/"
          className="flex shrink-0 items-center gap-2 rounded-full font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-accent"
        >
          <span
            aria-hidden
            className="grid size-7 place-items-center rounded-lg bg-linear-to-br from-accent to-fuchsia-500 text-sm font-bold text-white"
          >
            L
          </span>
          <span className="max-sm:sr-only">Likeness</span>
        </Link>
        <div className="flex min-w-0 items-center gap-1 sm:gap-3">
          <SiteNav />
          <UserMenu />
        </div>
      </div>
    </header>
  );
}
