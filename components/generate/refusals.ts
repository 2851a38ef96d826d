import type { LimitsView } from "@/lib/account/types";
import type { GenerateRequestError } from "./generation-api";

/** A refusal that is not about one field: rate limit, tier limits, service down, offline. */
export interface RequestProblem {
  code: string;
  message: string;
  /** Epoch ms after which trying again makes sense (Retry-After), or null. */
  retryAt: number | null;
  /** Where to read about (or get) more, for refusals a higher tier would not have made. */
  link: { href: string; label: string } | null;
}

const TIER_REFUSALS = new Set(["model_not_allowed", "size_not_allowed"]);

/** The words for a refusal, from the error and (when loaded) what the visitor's tier allows. */
export function problemFrom(
  error: GenerateRequestError,
  limits: LimitsView | null,
): RequestProblem {
  const retryAt =
    error.retryAfterSeconds !== null ? error.receivedAt + error.retryAfterSeconds * 1000 : null;
  if (error.code === "rate_limited") {
    const allowed = typeof error.details?.allowed === "number" ? error.details.allowed : null;
    const tier = limits?.tier.name;
    return {
      code: error.code,
      message:
        allowed !== null
          ? `Slow down: ${tier ? `the ${tier} tier` : "your tier"} allows ${allowed} requests a minute.`
          : "Slow down: that is more requests than your tier allows in a minute.",
      retryAt,
      link: null,
    };
  }
  if (TIER_REFUSALS.has(error.code)) {
    // Sizes and FLUX dev start at Premium, for anonymous visitors too (signing in alone is not enough).
    return {
      code: error.code,
      message: error.message,
      retryAt: null,
      link: { href: "/account#upgrade", label: "See what each tier allows" },
    };
  }
  return { code: error.code, message: error.message, retryAt, link: null };
}

/** The 429 quota_exceeded `details`, checked field by field (a proxy could send anything). */
export interface QuotaDetails {
  allowed: number;
  used: number;
  tier: string;
  /**
   * Which allowance ran out: the visitor's or account's own (`own`), an API key's, or one that
   * anonymous visitors share (their address's, or everyone's).
   */
  scope: "own" | "key" | "address" | "global";
  resetsAt: string;
  upgradeUrl: string | null;
}

export function quotaDetails(error: GenerateRequestError): QuotaDetails | null {
  const d = error.details;
  if (error.code !== "quota_exceeded" || !d) return null;
  const resetsAt = typeof d.resets_at === "string" ? d.resets_at : null;
  const fallbackReset =
    error.retryAfterSeconds !== null
      ? new Date(error.receivedAt + error.retryAfterSeconds * 1000).toISOString()
      : null;
  const at = resetsAt && !Number.isNaN(Date.parse(resetsAt)) ? resetsAt : fallbackReset;
  if (typeof d.allowed !== "number" || at === null) return null;
  return {
    allowed: d.allowed,
    used: typeof d.used === "number" ? d.used : d.allowed,
    tier: typeof d.tier === "string" ? d.tier : "",
    scope: d.scope === "key" || d.scope === "address" || d.scope === "global" ? d.scope : "own",
    resetsAt: at,
    upgradeUrl: typeof d.upgrade_url === "string" ? d.upgrade_url : null,
  };
}
