"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

// On phones the logo is the way home: four links and the account button would not fit beside it.
const LINKS = [
  { href: "/", label: "Home", phone: false },
  { href: "/gallery", label: "Gallery", phone: true },
  { href: "/generate", label: "Generate", phone: true },
  { href: "/feed", label: "Feed", phone: true },
] as const;

function isActive(pathname: string, href: string): boolean {
  // /gallery/123 (page or dialog) still belongs to the Gallery section.
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function SiteNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {LINKS.map((link) => {
        const active = isActive(pathname, link.href);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={`${link.phone ? "" : "max-sm:hidden"} rounded-full px-2.5 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-accent sm:px-3 ${
              active ? "bg-accent-soft text-accent" : "text-muted hover:text-foreground"
            }`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
