"use client";

import Link from "next/link";
import { limitsSummary, upgradeLink } from "@/lib/account/format";
import type { LimitsView } from "@/lib/account/types";

/** A dot for the eye, a comma for screen readers. */
function Separator() {
  return (
    <>
      <span aria-hidden className="px-1.5">
        ·
      </span>
      <span className="sr-only">, </span>
    </>
  );
}

/**
 * What the visitor's tier allows, under the form: "Free: 10 a day · 7 left · up to 1280 px · FLUX
 * schnell", with the way to more. Keeps its height while loading, so the form does not jump.
 */
export function TierLine({ limits }: { limits: LimitsView | null }) {
  if (!limits) return <p aria-hidden className="min-h-5 text-xs" />;
  const next = upgradeLink(limits.tier.id, limits.upgrade);
  const parts = limitsSummary(limits);
  return (
    <p
      data-testid="generate-tier"
      data-tier={limits.tier.id}
      data-remaining={limits.usage.remaining}
      className="min-h-5 text-xs leading-5 text-muted"
    >
      {parts.map((part, i) => (
        <span key={i}>
          {i > 0 && <Separator />}
          <span
            className={i === 1 && limits.usage.remaining === 0 ? "font-medium text-danger" : ""}
          >
            {part}
          </span>
        </span>
      ))}
      {next && (
        <>
          <Separator />
          <Link href={next.href} className="font-medium text-accent hover:underline">
            {next.label}
          </Link>
        </>
      )}
    </p>
  );
}
