"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { ResetTime } from "@/components/account/time";
import { buttonClasses } from "@/components/ui/button";
import { formatCount, upgradeLink } from "@/lib/account/format";
import type { LimitsView } from "@/lib/account/types";
import type { QuotaDetails } from "./refusals";
import { SimilarAvatars } from "./similar-avatars";

export interface QuotaRefusal {
  quota: QuotaDetails;
  /** What was asked for, so the gallery can offer something like it. */
  prompt: string;
  style: string;
}

const TIER_NAMES: Record<string, string> = {
  anonymous: "Anonymous",
  free: "Free",
  premium: "Premium",
  enterprise: "Enterprise",
};

/** Why the next tier up is worth it, by the tier that ran out. */
const PITCH: Record<string, string> = {
  anonymous: "Signed-in accounts get a bigger daily quota and keep a history of what they made.",
  free: "Premium and Enterprise have far larger quotas, bigger sizes and FLUX dev.",
  premium: "Enterprise has a much larger quota, the first place in the queue and API keys.",
};

/**
 * The output panel when today's quota is spent: how many were used, when more arrive (in the
 * viewer's time, with a countdown), the way to a larger quota, and gallery avatars like the one
 * asked for, so the visit does not end at an error.
 */
export function QuotaSpent({
  refusal,
  limits,
}: {
  refusal: QuotaRefusal;
  limits: LimitsView | null;
}) {
  const { quota } = refusal;
  const tierName =
    (limits?.tier.id === quota.tier ? limits.tier.name : null) ?? TIER_NAMES[quota.tier];
  const next = upgradeLink(quota.tier, limits?.tier.id === quota.tier ? limits.upgrade : undefined);
  const count = formatCount(quota.allowed);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // On wide screens the panel is sticky beside a long form; pressed from the form's bottom, its top
  // can sit under the header. Bring the heading into view (phones already scroll to the panel).
  useEffect(() => {
    const heading = headingRef.current;
    if (!heading || !window.matchMedia("(min-width: 1024px)").matches) return;
    const { top, bottom } = heading.getBoundingClientRect();
    if (top < 80 || bottom > window.innerHeight) heading.scrollIntoView({ block: "nearest" });
  }, [refusal]);

  return (
    <section
      data-testid="generate-quota-spent"
      data-tier={quota.tier}
      aria-labelledby="generate-quota-title"
      className="space-y-5 rounded-3xl border border-border bg-surface p-5 sm:p-6"
    >
      <div role="alert" className="space-y-2">
        <h2
          ref={headingRef}
          id="generate-quota-title"
          className="scroll-mt-24 text-lg font-semibold"
        >
          {quota.scope === "address"
            ? "Today’s free generations from your network are used up"
            : quota.scope === "global"
              ? "Today’s free generations are all used up"
              : `You’ve used today’s ${count} ${quota.allowed === 1 ? "generation" : "generations"}`}
        </h2>
        <p className="leading-relaxed text-muted">
          {quota.scope === "address"
            ? `Visitors who are not signed in share ${count} a day per network.`
            : quota.scope === "global"
              ? "Visitors who are not signed in share a daily allowance, and it is spent."
              : tierName
                ? `The ${tierName} tier includes ${count} a day.`
                : `Your tier includes ${count} a day.`}{" "}
          Avatars someone already made, and everything in the gallery, stay free.
        </p>
      </div>
      <p className="text-sm">
        More generations <span className="text-muted">at</span>{" "}
        <ResetTime at={quota.resetsAt} testId="generate-quota-reset" />
      </p>
      {next ? (
        <div className="flex flex-col gap-3 rounded-2xl bg-surface-2 p-4 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm">{PITCH[quota.tier] ?? PITCH.free}</p>
          <Link
            href={next.href}
            data-testid="generate-quota-upgrade"
            className={`${buttonClasses("primary")} shrink-0`}
          >
            {next.label}
          </Link>
        </div>
      ) : (
        <p className="text-sm text-muted">
          Need more? Ask the people who run this site to raise your account’s quota.
        </p>
      )}
      <SimilarAvatars
        key={`${refusal.style}:${refusal.prompt}`}
        style={refusal.style}
        prompt={refusal.prompt}
      />
    </section>
  );
}
