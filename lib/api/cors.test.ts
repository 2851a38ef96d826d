import { describe, expect, it } from "vitest";
import { allowOrigin, applyCors, corsPolicyFor, preflightResponse } from "./cors";

describe("corsPolicyFor", () => {
  it.each([
    ["/i/avatars/ab/cd/original.png", "public"],
    ["/prompt/a%20cat", "public"],
    ["/v1/images/generations", "api"],
    ["/v1/models", "api"],
    ["/api/v1/generations", "api"],
    ["/api/v1/generations/123/events", "api"],
    ["/api/v1/account/keys", null],
    ["/api/v1/account", null],
    ["/api/health", null],
    ["/generate", null],
    ["/v1beta/x", null],
    ["/index.html", null],
  ])("%s → %s", (path, policy) => {
    expect(corsPolicyFor(path)).toBe(policy);
  });
});

describe("allowOrigin", () => {
  const list = ["https://app.example.com"];
  it.each([
    ["public", "https://evil.example", list, "*"],
    ["public", null, list, "*"],
    ["api", "https://evil.example", "*", "*"],
    ["api", "https://app.example.com", list, "https://app.example.com"],
    ["api", "https://evil.example", list, null],
    ["api", null, list, null],
  ] as const)("%s from %s with %j → %s", (policy, origin, configured, expected) => {
    expect(allowOrigin(policy, origin, configured)).toBe(expected);
  });
});

describe("applyCors", () => {
  const request = (origin?: string) =>
    new Request("http://app.test/v1/models", { headers: origin ? { origin } : {} });

  it("allows any origin without credentials by default, exposing the headers clients read", () => {
    const headers = new Headers();
    applyCors(request("https://a.example"), headers, "api", "*");
    expect(headers.get("access-control-allow-origin")).toBe("*");
    expect(headers.get("access-control-allow-credentials")).toBeNull();
    expect(headers.get("access-control-expose-headers")).toContain("X-RateLimit-Remaining");
    expect(headers.get("access-control-expose-headers")).toContain("Retry-After");
    expect(headers.get("vary")).toBeNull();
  });

  it("echoes a listed origin and varies by Origin; an unlisted one gets no allow header", () => {
    const allowed = new Headers();
    applyCors(request("https://app.example.com"), allowed, "api", ["https://app.example.com"]);
    expect(allowed.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(allowed.get("vary")).toBe("Origin");
    const refused = new Headers();
    applyCors(request("https://evil.example"), refused, "api", ["https://app.example.com"]);
    expect(refused.get("access-control-allow-origin")).toBeNull();
    expect(refused.get("vary")).toBe("Origin");
  });
});

describe("preflightResponse", () => {
  it("answers 204 with the methods, Authorization and whatever headers the browser asked for", () => {
    const response = preflightResponse(
      new Request("http://app.test/v1/images/generations", {
        method: "OPTIONS",
        headers: {
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, x-stainless-os, bad header",
        },
      }),
      ["POST"],
    );
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-methods")).toBe("POST, OPTIONS");
    const allowed = response.headers.get("access-control-allow-headers")!.toLowerCase();
    expect(allowed.split(", ")).toEqual(
      expect.arrayContaining(["authorization", "content-type", "x-stainless-os"]),
    );
    expect(allowed).not.toContain("bad header");
    expect(Number(response.headers.get("access-control-max-age"))).toBeGreaterThan(0);
  });
});
