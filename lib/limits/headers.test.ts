import { describe, expect, it } from "vitest";
import { EXPOSED_HEADERS } from "@/lib/api/cors";
import { RATE_LIMIT_HEADER_NAMES } from "@/lib/api/rate-limit-header-names";
import { rateLimitHeaders } from "./headers";

const NOW = Date.UTC(2026, 11, 4, 15, 20, 0);
const minute = { limit: 60, remaining: 59, resetsAt: NOW + 42_000 };
const day = { limit: 500, remaining: 480, resetsAt: Date.UTC(2026, 11, 5) };

describe("rateLimitHeaders", () => {
  it("names both policies in the IETF fields, the minute first, and keeps X-RateLimit-* for the minute", () => {
    expect(rateLimitHeaders({ minute, day }, NOW)).toEqual({
      "RateLimit-Policy": '"minute";q=60;w=60, "day";q=500;w=86400',
      RateLimit: '"minute";r=59;t=42, "day";r=480;t=31200',
      "X-RateLimit-Limit": "60",
      "X-RateLimit-Remaining": "59",
      "X-RateLimit-Reset": String((NOW + 42_000) / 1000),
      "X-RateLimit-Limit-Day": "500",
      "X-RateLimit-Remaining-Day": "480",
      "X-RateLimit-Reset-Day": String(Date.UTC(2026, 11, 5) / 1000),
    });
  });

  it("gives one policy alone under its own names, and nothing for none", () => {
    const onlyDay = rateLimitHeaders({ day: { ...day, remaining: 0 } }, NOW);
    expect(onlyDay["RateLimit-Policy"]).toBe('"day";q=500;w=86400');
    expect(onlyDay.RateLimit).toBe('"day";r=0;t=31200');
    expect(onlyDay["X-RateLimit-Limit"]).toBeUndefined();
    expect(onlyDay["X-RateLimit-Remaining-Day"]).toBe("0");
    expect(rateLimitHeaders({}, NOW)).toEqual({});
  });

  it("never sends a negative or fractional integer, or a reset in the past", () => {
    const odd = rateLimitHeaders({ minute: { limit: 10, remaining: -3, resetsAt: NOW - 5 } }, NOW);
    expect(odd.RateLimit).toBe('"minute";r=0;t=0');
    expect(odd["X-RateLimit-Remaining"]).toBe("0");
  });

  it("are all readable by cross-origin scripts (CORS exposes them)", () => {
    for (const name of [...RATE_LIMIT_HEADER_NAMES, "Idempotent-Replayed"]) {
      expect(EXPOSED_HEADERS).toContain(name);
    }
  });
});
