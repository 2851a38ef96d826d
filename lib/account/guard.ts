import "server-only";
import { ApiError } from "@/lib/api/errors";
import { resolveIdentity } from "@/lib/auth/identity";
import type { Identity } from "@/lib/auth/types";

export interface SignedInUser {
  identity: Identity & { kind: "user"; userId: string };
  setCookies: string[];
}

/**
 * The account endpoints are for a person signed in to this site: an API key or an anonymous
 * visitor is a 401. With `tier: "enterprise"`, other tiers are a 403 (API keys are an enterprise
 * feature).
 */
export async function requireUser(
  request: Request,
  options: { tier?: "enterprise" } = {},
): Promise<SignedInUser> {
  // A session that changes something must come from this site (resolveIdentity checks it).
  const { identity, setCookies } = await resolveIdentity(request, { visitors: "none" });
  if (identity.kind !== "user" || identity.userId === null) {
    throw new ApiError("unauthorized", "Sign in to use your account.", {
      details: { sign_in_url: "/signin?next=/account" },
    });
  }
  if (options.tier === "enterprise" && identity.tier !== "enterprise") {
    throw new ApiError(
      "forbidden",
      "API keys come with the Enterprise tier. See /account#upgrade for how to get it.",
      { details: { tier: identity.tier, required_tier: "enterprise" } },
    );
  }
  return { identity: identity as SignedInUser["identity"], setCookies };
}

/** Account answers are about one person: never stored by a shared cache. */
export const PRIVATE_HEADERS = { "Cache-Control": "private, no-store" } as const;
