import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ cookies: vi.fn() }));

const { POST: generate } = await import("@/app/api/v1/generations/route");
const { call, newAccount, newAddress, uniqueBody } = await import("./http");
const { emptyGenerationQueue } = await import("./queue-hooks");

emptyGenerationQueue();

/** Seconds until the next midnight UTC, as the day policy's `t` should say (± a second). */
const untilMidnight = () => {
  const now = new Date();
  return (
    (Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime()) / 1000
  );
};

function expectDayReset(header: string | null) {
  const t = Number(/"day";r=\d+;t=(\d+)/.exec(header ?? "")?.[1]);
  expect(Math.abs(t - untilMidnight())).toBeLessThanOrEqual(2);
}

async function post(session: string) {
  return call(generate, "/api/v1/generations", {
    from: newAddress(),
    headers: { cookie: session },
    json: uniqueBody("header fox"),
  });
}

describe("rate-limit headers", () => {
  it("on a 202: both policies, and X-RateLimit-* always the minute's", async () => {
    const { session } = await newAccount("premium"); // 60 a minute, 500 a day
    const accepted = await post(session);
    expect(accepted.status).toBe(202);
    const h = accepted.headers;
    expect(h.get("RateLimit-Policy")).toBe('"minute";q=60;w=60, "day";q=500;w=86400');
    expect(h.get("RateLimit")).toMatch(/^"minute";r=59;t=(60|59), "day";r=499;t=\d+$/);
    expectDayReset(h.get("RateLimit"));
    expect(h.get("X-RateLimit-Limit")).toBe("60");
    expect(h.get("X-RateLimit-Remaining")).toBe("59");
    expect(Number(h.get("X-RateLimit-Reset")) - Date.now() / 1000).toBeLessThanOrEqual(61);
    expect(h.get("X-RateLimit-Limit-Day")).toBe("500");
    expect(h.get("X-RateLimit-Remaining-Day")).toBe("499");
  });

  it("on a rate-limit 429: the minute spent, and where the day stands", async () => {
    const { session } = await newAccount("premium", { rate_per_minute: 2 });
    expect((await post(session)).status).toBe(202);
    expect((await post(session)).status).toBe(202);
    const refused = await post(session);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    const h = refused.headers;
    expect(h.get("RateLimit-Policy")).toBe('"minute";q=2;w=60, "day";q=500;w=86400');
    expect(h.get("RateLimit")).toMatch(/^"minute";r=0;t=\d+, "day";r=498;t=\d+$/);
    expect(h.get("X-RateLimit-Limit")).toBe("2");
    expect(h.get("X-RateLimit-Remaining")).toBe("0");
    expect(h.get("X-RateLimit-Remaining-Day")).toBe("498");
    expect(Number(h.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("on a quota 429: the day spent, and where the minute stands (the same names as on a 202)", async () => {
    const { session } = await newAccount("premium", { daily_quota: 1 });
    expect((await post(session)).status).toBe(202);
    const refused = await post(session);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      "quota_exceeded",
    );
    const h = refused.headers;
    expect(h.get("RateLimit-Policy")).toBe('"minute";q=60;w=60, "day";q=1;w=86400');
    expect(h.get("RateLimit")).toMatch(/^"minute";r=58;t=\d+, "day";r=0;t=\d+$/);
    expectDayReset(h.get("RateLimit"));
    expect(h.get("X-RateLimit-Limit")).toBe("60");
    expect(h.get("X-RateLimit-Remaining")).toBe("58");
    expect(h.get("X-RateLimit-Limit-Day")).toBe("1");
    expect(h.get("X-RateLimit-Remaining-Day")).toBe("0");
    expect(Math.abs(Number(h.get("Retry-After")) - untilMidnight())).toBeLessThanOrEqual(2);
  });
});
