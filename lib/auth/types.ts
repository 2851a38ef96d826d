import type { ModelId } from "@/lib/catalog/models";
import type { TierOverrides } from "./tier-overrides";

export const TIER_IDS = ["anonymous", "free", "premium", "enterprise"] as const;
export type TierId = (typeof TIER_IDS)[number];

export type IdentityKind = "anonymous" | "user" | "api_key";

/**
 * Who a request is from, resolved once per request (lib/auth/identity.ts). Everything that limits,
 * charges or records a request keys on `subject`: the account (`user:<uuid>`, for its session and
 * every one of its API keys alike) or the anonymous visitor (`anon:<id>`, `anon:ip:<address>`).
 * lib/limits/charges.ts adds the counters charged beside it (a key's own, an address's, the global).
 */
export interface Identity {
  kind: IdentityKind;
  subject: string;
  tier: TierId;
  /** The signed-in user, or the owner of the API key; null for anonymous visitors. */
  userId: string | null;
  email: string | null;
  apiKeyId: string | null;
  /** The API key's own daily limit, below the account's quota; null without a key or a limit. */
  apiKeyDailyLimit: number | null;
  /**
   * The client's address (lib/auth/client-ip.ts: the trusted proxy header, else the TCP peer), or
   * null when it is unknown.
   */
  ip: string | null;
  /** The account's limit overrides (profiles.overrides), for enterprise contracts; {} otherwise. */
  overrides: TierOverrides;
}

/** A tier's limits (the `tiers` table), with an account's overrides applied. */
export interface TierLimits {
  id: TierId;
  name: string;
  dailyQuota: number;
  ratePerMinute: number;
  concurrentJobs: number;
  queuePriority: number;
  allowedModels: ModelId[];
  maxSize: number;
  /** Live (not revoked, not expired) API keys an account may hold. */
  maxApiKeys: number;
}

export const subjectFor = {
  /** An account: its session and all of its API keys share this counter. */
  user: (id: string) => `user:${id}`,
  /** One API key's own counter, charged beside its account's. */
  apiKey: (id: string) => `key:${id}`,
  anonymous: (id: string) => `anon:${id}`,
  /**
   * A visitor whose request carried no valid cookie: first contact, or a client that never keeps
   * cookies (curl, a cross-site <img>). Charged by client address, else (address unknown) to one
   * shared pool; keyed on the fresh cookie instead, every such request would be a new visitor with a
   * fresh quota and rate limit.
   */
  cookieless: (ip: string | null) => (ip ? `anon:ip:${ip}` : "anon:cookieless"),
  /** Every anonymous request from one client address, whichever cookie it carries. */
  address: (ip: string) => `anon:addr:${ip}`,
  /** Every anonymous request there is. */
  allAnonymous: "anon:all",
};

/**
 * Whose private generations a caller reads and makes: an account (`user:<uuid>`, the same through
 * its session and every one of its keys) or an anonymous visitor (`anon:<id>`, their cookie). Null
 * for a caller who cannot be told apart from others: a cookieless request, charged to its IP or to
 * the shared pool.
 */
export function ownerOf(identity: Identity): string | null {
  if (identity.userId !== null) return subjectFor.user(identity.userId);
  const cookieless =
    identity.subject === subjectFor.cookieless(null) || identity.subject.startsWith("anon:ip:");
  return identity.kind === "anonymous" && !cookieless ? identity.subject : null;
}
