import type { ModelId } from "@/lib/catalog/models";
import type { TierOverrides } from "./tier-overrides";

export const TIER_IDS = ["anonymous", "free", "premium", "enterprise"] as const;
export type TierId = (typeof TIER_IDS)[number];

export type IdentityKind = "anonymous" | "user" | "api_key";

/**
 * Who a request is from, resolved once per request (lib/auth/identity.ts). Everything that limits,
 * charges or records a request keys on `subject`: `user:<uuid>`, `key:<uuid>` or `anon:<id>`.
 */
export interface Identity {
  kind: IdentityKind;
  subject: string;
  tier: TierId;
  /** The signed-in user, or the owner of the API key; null for anonymous visitors. */
  userId: string | null;
  email: string | null;
  apiKeyId: string | null;
  /** The client's IP from the trusted proxy header, or null when none is configured or sent. */
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
}

export const subjectFor = {
  user: (id: string) => `user:${id}`,
  apiKey: (id: string) => `key:${id}`,
  anonymous: (id: string) => `anon:${id}`,
  /**
   * A visitor whose request carried no valid cookie: first contact, or a client that never keeps
   * cookies (curl, a cross-site <img>). Charged by IP when the trusted proxy gives one, else to one
   * shared pool; keyed on the fresh cookie instead, every such request would be a new visitor with a
   * fresh quota and rate limit.
   */
  cookieless: (ip: string | null) => (ip ? `anon:ip:${ip}` : "anon:cookieless"),
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
