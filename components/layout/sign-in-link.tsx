"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** "Sign in", coming back afterwards to the page it was clicked on. */
export function SignInLink() {
  const pathname = usePathname();
  const href =
    pathname === "/" || pathname === "/signin" || pathname.startsWith("/auth/")
      ? "/signin"
      : `/signin?next=${encodeURIComponent(pathname)}`;
  return (
    <Link
      href={href}
      data-testid="signin-nav"
      className="shrink-0 rounded-full border border-border bg-surface px-3 py-1.5 text-sm font-medium whitespace-nowrap transition-colors hover:bg-surface-2 focus-visible:outline-2 focus-visible:outline-accent"
    >
      Sign in
    </Link>
  );
}
