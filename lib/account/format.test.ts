import { describe, expect, it } from "vitest";
import { decodeHistoryCursor, encodeHistoryCursor } from "./cursor";
import {
  countdown,
  formatCount,
  formatDuration,
  formatLocalTime,
  limitsSummary,
  upgradeLink,
  usageLabel,
} from "./format";
import type { LimitsView } from "./types";
import { modelName } from "@/lib/catalog/models";

const MIN = 60_000;
const HOUR = 60 * MIN;

describe("formatDuration", () => {
  it.each([
    [5 * HOUR + 12 * MIN + 30_000, "5 h 12 min"],
    [5 * HOUR, "5 h"],
    [23 * HOUR + 59 * MIN + 59_000, "23 h 59 min"],
    [12 * MIN, "12 min"],
    [12 * MIN + 40_000, "12 min"],
    [8 * MIN + 5_000, "8 min 5 s"],
    [MIN, "1 min"],
    [45_000, "45 s"],
    [1, "1 s"],
    [0, "0 s"],
    [-5_000, "0 s"],
  ])("%d ms is %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("countdown", () => {
  const now = Date.parse("2026-11-22T18:47:30Z");
  it("counts down to a future moment", () => {
    expect(countdown("2026-11-23T00:00:00Z", now)).toBe("in 5 h 12 min");
    expect(countdown(new Date(now + 12_000), now)).toBe("in 12 s");
  });
  it("says now once the moment has come", () => {
    expect(countdown(new Date(now), now)).toBe("now");
    expect(countdown("2026-11-22T00:00:00Z", now)).toBe("now");
  });
});

describe("formatLocalTime", () => {
  const midnightUtc = "2026-11-23T00:00:00Z";
  const now = Date.parse("2026-11-22T18:47:30Z");
  it("shows midnight UTC in the viewer's zone, with the day when it is not today", () => {
    expect(formatLocalTime(midnightUtc, now, { timeZone: "UTC", locale: "en-GB" })).toBe(
      "00:00 tomorrow",
    );
    // Berlin is UTC+1 in November: 01:00 on the 23rd, tomorrow there too.
    expect(formatLocalTime(midnightUtc, now, { timeZone: "Europe/Berlin", locale: "en-GB" })).toBe(
      "01:00 tomorrow",
    );
    // New York is UTC-5: 19:00 on the 22nd, which is still today there.
    expect(
      formatLocalTime(midnightUtc, now, { timeZone: "America/New_York", locale: "en-GB" }),
    ).toBe("19:00");
  });
  it("names the day of a moment further away", () => {
    expect(formatLocalTime("2026-11-25T09:30:00Z", now, { timeZone: "UTC", locale: "en-GB" })).toBe(
      "Wed 25 Nov, 09:30",
    );
  });
});

const view = (patch: Partial<LimitsView> = {}): LimitsView => ({
  kind: "anonymous",
  signed_in: false,
  tier: { id: "free", name: "Free" },
  limits: {
    daily_quota: 10,
    rate_per_minute: 20,
    concurrent_jobs: 2,
    max_size: 1280,
    allowed_models: ["flux-schnell"],
    priority: false,
  },
  usage: { day: "2026-11-22", used: 3, remaining: 7 },
  resets_at: "2026-11-23T00:00:00.000Z",
  upgrade: { tier: "premium", name: "Premium", daily_quota: 500, href: "/account#upgrade" },
  ...patch,
});

describe("limits copy", () => {
  it("summarises a tier in one line", () => {
    expect(limitsSummary(view())).toEqual([
      "Free: 10 a day",
      "7 left",
      "up to 1280 px",
      "FLUX schnell",
    ]);
    const enterprise = view({
      tier: { id: "enterprise", name: "Enterprise" },
      limits: {
        ...view().limits,
        daily_quota: 20_000,
        allowed_models: ["flux-schnell", "flux-dev"],
      },
      usage: { day: "2026-11-22", used: 0, remaining: 20_000 },
    });
    expect(limitsSummary(enterprise)).toEqual([
      "Enterprise: 20,000 a day",
      "20,000 left",
      "up to 1280 px",
      "FLUX schnell and FLUX dev",
    ]);
  });

  it("labels usage, counts and models", () => {
    expect(usageLabel(7, 10)).toBe("7 of 10 today");
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(modelName("flux-dev")).toBe("FLUX dev");
    expect(modelName("something-else")).toBe("something-else");
  });

  it("sends anonymous visitors to sign in and everyone else to the upgrade section", () => {
    const free = { tier: "free" as const, name: "Free", daily_quota: 10, href: "/signin" };
    expect(upgradeLink("anonymous", free)).toEqual({
      href: "/signin?next=/generate",
      label: "Sign in for 10 a day",
    });
    expect(upgradeLink("anonymous", undefined)?.href).toBe("/signin?next=/generate");
    expect(upgradeLink("free", view().upgrade)).toEqual({
      href: "/account#upgrade",
      label: "How to get Premium",
    });
    expect(upgradeLink("enterprise", null)).toBeNull();
  });
});

describe("history cursor", () => {
  const position = {
    at: "2026-11-22T10:00:00.123456Z",
    id: "7d3c2a10-8f7e-4c0b-9a51-1d2e3f405162",
  };
  it("round-trips a position, microseconds included", () => {
    expect(decodeHistoryCursor(encodeHistoryCursor(position))).toEqual(position);
  });
  it.each([
    ["", "empty"],
    ["not a cursor!", "bad characters"],
    [Buffer.from("g1:42").toString("base64url"), "another kind of cursor"],
    [Buffer.from("h1:2026-11-22T10:00:00Z|x").toString("base64url"), "no microseconds, bad id"],
    [Buffer.from(`h1:${position.at}|${position.id}|extra`).toString("base64url"), "trailing parts"],
    [Buffer.from(`h1:2026-13-45T99:00:00.000000Z|${position.id}`).toString("base64url"), "no date"],
  ])("refuses %j (%s)", (cursor) => {
    expect(decodeHistoryCursor(cursor)).toBeNull();
  });
});
