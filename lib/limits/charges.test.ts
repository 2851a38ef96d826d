import { describe, expect, it, vi } from "vitest";
import type { Identity } from "@/lib/auth/types";
import { NO_LIMIT, quotaCharges } from "./charges";

vi.mock("@/lib/env", () => ({ env: () => ({ auth: { anon: ANON } }) }));
const ANON = { dailyQuotaPerAddress: 10, globalDailyQuota: 5000, cookiesPerAddressPerHour: 10 };

const who = (over: Partial<Identity>) =>
  ({
    kind: "user",
    subject: "user:u1",
    apiKeyId: null,
    apiKeyDailyLimit: null,
    ip: null,
    ...over,
  }) as Identity;

describe("quotaCharges", () => {
  it.each([
    ["a session: its account", who({}), [["user:u1", 500, "account"]]],
    [
      "a key: its account, and the key's own counter (unlimited without a limit of its own)",
      who({ kind: "api_key", apiKeyId: "k1" }),
      [
        ["user:u1", 500, "account"],
        ["key:k1", NO_LIMIT, "key"],
      ],
    ],
    [
      "a key with a lower limit: that limit on its counter",
      who({ kind: "api_key", apiKeyId: "k1", apiKeyDailyLimit: 7 }),
      [
        ["user:u1", 500, "account"],
        ["key:k1", 7, "key"],
      ],
    ],
    [
      "an anonymous visitor: the visitor, their address and every anonymous visitor",
      who({ kind: "anonymous", subject: "anon:abc", ip: "203.0.113.7" }),
      [
        ["anon:abc", 500, "visitor"],
        ["anon:addr:203.0.113.7", 10, "address"],
        ["anon:all", 5000, "global"],
      ],
    ],
    [
      "a visitor whose address is unknown: the shared pool and the global allowance",
      who({ kind: "anonymous", subject: "anon:cookieless", ip: null }),
      [
        ["anon:cookieless", 500, "visitor"],
        ["anon:all", 5000, "global"],
      ],
    ],
  ])("charge %s", (_name, identity, expected) => {
    expect(
      quotaCharges(identity, { dailyQuota: 500 }).map((c) => [c.subject, c.limit, c.scope]),
    ).toEqual(expected);
  });
});
