import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import type { Identity } from "@/lib/auth/types";
import {
  generationInputSchema,
  normalizeGeneration,
  requestHash,
} from "@/lib/generations/normalize";
import { registerWebhook } from "./registration";

const identity = (kind: Identity["kind"]): Identity => ({
  kind,
  subject: `${kind}:x`,
  tier: kind === "anonymous" ? "anonymous" : "enterprise",
  userId: kind === "anonymous" ? null : "5b7f2c7e-0d0c-4f7e-9a52-6c3e1e7f0a01",
  email: null,
  apiKeyId: kind === "api_key" ? "0f0e2d43-9c8a-4f1b-8a55-1f6f1b0d9b22" : null,
  apiKeyDailyLimit: null,
  ip: null,
  overrides: {},
});
const request = new Request("http://127.0.0.1:3000/api/v1/generations", { method: "POST" });

async function code(url: string, kind: Identity["kind"] = "api_key"): Promise<string> {
  const error = await registerWebhook(url, identity(kind).apiKeyId, request).catch(
    (e: unknown) => e,
  );
  return error instanceof ApiError ? error.code : "accepted";
}

describe("registerWebhook", () => {
  it.each([
    ["http://169.254.169.254/latest/meta-data/", "api_key", "webhook_url_forbidden"],
    ["http://10.0.0.5/hook", "api_key", "webhook_url_forbidden"],
    ["http://[::1]/", "api_key", "webhook_url_forbidden"],
    ["http://localhost/", "api_key", "webhook_url_forbidden"],
    ["http://2130706433/", "api_key", "webhook_url_forbidden"],
    ["https://93.184.216.34/hook", "user", "webhook_requires_api_key"],
    ["https://93.184.216.34/hook", "anonymous", "webhook_requires_api_key"],
    ["https://93.184.216.34/hook", "api_key", "accepted"],
  ] as const)("%s from %s: %s", async (url, kind, expected) => {
    expect(await code(url, kind)).toBe(expected);
  });

  it("names the reason and records the origin for absolute URLs", async () => {
    const error = (await registerWebhook(
      "http://10.0.0.5/hook",
      identity("api_key").apiKeyId,
      request,
    ).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/10\.0\.0\.5 is a private network address/);
    expect(
      await registerWebhook("https://93.184.216.34/x", identity("api_key").apiKeyId, request),
    ).toEqual({
      url: "https://93.184.216.34/x",
      origin: "http://127.0.0.1:3000",
    });
  });

  it("accepts no webhook at all", async () => {
    expect(
      await registerWebhook(undefined, identity("anonymous").apiKeyId, request),
    ).toBeUndefined();
  });
});

describe("webhook_url in the generation input", () => {
  const base = { prompt: "a fox", seed: 3 };

  it("is not part of the cache key", () => {
    const hash = (input: object) =>
      requestHash(normalizeGeneration(generationInputSchema.parse(input)));
    expect(hash({ ...base, webhook_url: "https://hooks.example.com/a" })).toBe(hash(base));
  });

  it.each(["ftp://hooks.example.com/", "not a url", `https://x.example.com/${"a".repeat(2050)}`])(
    "refuses %s as an invalid parameter",
    (webhook_url) => {
      expect(generationInputSchema.safeParse({ ...base, webhook_url }).success).toBe(false);
    },
  );
});
