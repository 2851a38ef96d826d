import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center gap-4 px-4 py-24 text-center">
      <p className="text-sm font-semibold text-accent">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">We couldn’t find that page</h1>
      <p className="text-muted">
        The link may be mistyped, or the avatar it pointed to is no longer in the gallery.
      </p>
      <div className="flex gap-2">
        <Link href="/gallery" className={buttonClasses()}>
          Browse the gallery
        </Link>
        <Link href="/" className={buttonClasses("secondary")}>
          Home
        </Link>
      </div>
    </div>
  );
}
