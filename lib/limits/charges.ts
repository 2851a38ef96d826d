import { type Identity, subjectFor, type TierLimits } from "@/lib/auth/types";
import { type AnonymousLimits, env } from "@/lib/env";

/** A counter with no limit of its own (a key without a daily limit): the largest Postgres integer. */
export const NO_LIMIT = 2_147_483_647;

/**
 * One daily_usage counter a generation is charged to, and its limit. Every counter of a request is
 * charged together or none is (lib/limits/quota.ts):
 * - account: every request of an account, its session and all its keys (`user:<id>`);
 * - key: the requests through one key (`key:<id>`), limited when the key carries a lower daily limit,
 *   and counted anyway so the account page can split the total by key;
 * - visitor: one anonymous visitor (their cookie, or their address's cookieless visitor);
 * - address: every anonymous request from one client address, whichever cookies it carries;
 * - global: every anonymous request, all visitors together.
 */
export interface QuotaCharge {
  subject: string;
  limit: number;
  scope: "account" | "key" | "visitor" | "address" | "global";
}

/** The counters a generation by `identity` is charged to. */
export function quotaCharges(
  identity: Pick<Identity, "kind" | "subject" | "apiKeyId" | "apiKeyDailyLimit" | "ip">,
  limits: Pick<TierLimits, "dailyQuota">,
  anon: AnonymousLimits = env().auth.anon,
): QuotaCharge[] {
  const own: QuotaCharge = {
    subject: identity.subject,
    limit: limits.dailyQuota,
    scope: identity.kind === "anonymous" ? "visitor" : "account",
  };
  if (identity.kind !== "anonymous") {
    if (identity.apiKeyId === null) return [own];
    return [
      own,
      {
        subject: subjectFor.apiKey(identity.apiKeyId),
        limit: identity.apiKeyDailyLimit ?? NO_LIMIT,
        scope: "key",
      },
    ];
  }
  return [
    own,
    ...(identity.ip === null
      ? []
      : [
          {
            subject: subjectFor.address(identity.ip),
            limit: anon.dailyQuotaPerAddress,
            scope: "address" as const,
          },
        ]),
    { subject: subjectFor.allAnonymous, limit: anon.globalDailyQuota, scope: "global" },
  ];
}
