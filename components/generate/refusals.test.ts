import { describe, expect, it } from "vitest";
import type { LimitsView } from "@/lib/account/types";
import { GenerateRequestError } from "./generation-api";
import { problemFrom, quotaDetails } from "./refusals";

const refusal = (
  code: string,
  details: Record<string, unknown> | null,
  retryAfter: number | null = null,
  message = "refused",
) => new GenerateRequestError(message, code, {}, retryAfter, details);

const limits = { tier: { id: "free", name: "Free" } } as LimitsView;

describe("quotaDetails", () => {
  it("reads the 429 quota_exceeded details", () => {
    const error = refusal(
      "quota_exceeded",
      {
        limit: "daily_quota",
        allowed: 3,
        used: 3,
        tier: "anonymous",
        resets_at: "2026-11-23T00:00:00.000Z",
        upgrade_url: "/account#upgrade",
      },
      3600,
    );
    expect(quotaDetails(error)).toEqual({
      allowed: 3,
      used: 3,
      tier: "anonymous",
      scope: "own",
      resetsAt: "2026-11-23T00:00:00.000Z",
      upgradeUrl: "/account#upgrade",
    });
  });

  it("says which allowance ran out: one the visitor shares with their network, or everyone's", () => {
    const scoped = (scope: unknown) =>
      quotaDetails(
        refusal("quota_exceeded", { allowed: 10, scope, resets_at: "2026-11-23T00:00:00Z" }),
      )!.scope;
    expect([scoped("address"), scoped("global"), scoped("key"), scoped("visitor")]).toEqual([
      "address",
      "global",
      "key",
      "own",
    ]);
  });

  it("falls back to Retry-After when resets_at is missing or unreadable", () => {
    const error = refusal("quota_exceeded", { allowed: 10, resets_at: "soon" }, 60);
    const details = quotaDetails(error)!;
    expect(Date.parse(details.resetsAt) - error.receivedAt).toBe(60_000);
    expect(details).toMatchObject({ used: 10, tier: "", upgradeUrl: null });
  });

  it("is null for other refusals, or when nothing says how many or until when", () => {
    expect(quotaDetails(refusal("rate_limited", { allowed: 10 }, 5))).toBeNull();
    expect(quotaDetails(refusal("quota_exceeded", null, 60))).toBeNull();
    expect(
      quotaDetails(refusal("quota_exceeded", { resets_at: "2026-11-23T00:00:00Z" })),
    ).toBeNull();
    expect(quotaDetails(refusal("quota_exceeded", { allowed: 3 }))).toBeNull();
  });
});

describe("problemFrom", () => {
  it("asks to slow down, naming the tier's rate, and counts down from Retry-After", () => {
    const error = refusal(
      "rate_limited",
      { allowed: 20 },
      12,
      "Too many requests: … Retry in 12 s.",
    );
    expect(problemFrom(error, limits)).toEqual({
      code: "rate_limited",
      message: "Slow down: the Free tier allows 20 requests a minute.",
      retryAt: error.receivedAt + 12_000,
      link: null,
    });
    expect(problemFrom(error, null).message).toBe(
      "Slow down: your tier allows 20 requests a minute.",
    );
  });

  it("keeps the API's words for a model or size outside the tier, with the way to the tiers", () => {
    const message =
      "The Free tier makes images up to 1280 px on the longer side; 2048×2048 is larger.";
    for (const code of ["size_not_allowed", "model_not_allowed"]) {
      expect(problemFrom(refusal(code, { tier: "free" }, null, message), limits)).toEqual({
        code,
        message,
        retryAt: null,
        link: { href: "/account#upgrade", label: "See what each tier allows" },
      });
    }
  });

  it("passes anything else through, with its Retry-After", () => {
    const error = refusal("service_unavailable", null, 5, "The generator is unavailable.");
    expect(problemFrom(error, null)).toEqual({
      code: "service_unavailable",
      message: "The generator is unavailable.",
      retryAt: error.receivedAt + 5_000,
      link: null,
    });
  });
});
