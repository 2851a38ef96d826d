import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { assertSameOriginForCookies, comesFromApp } from "./csrf";

const APP = "http://127.0.0.1:3000";

function request(method: string, headers: Record<string, string>): Request {
  return new Request(`${APP}/api/v1/generations`, {
    method,
    headers: { host: "127.0.0.1:3000", ...headers },
  });
}

describe("comesFromApp", () => {
  it.each([
    [{ origin: APP }, true],
    [{ origin: "http://evil.example" }, false],
    [{ origin: "http://127.0.0.1:3000.evil.example" }, false],
    [{ origin: "http://127.0.0.1:3001" }, false],
    [{ origin: "null" }, false],
    [{ origin: "%%" }, false],
    [{ referer: `${APP}/generate?x=1` }, true],
    [{ referer: "http://evil.example/page" }, false],
    [{ referer: "not a url" }, false],
    // Origin decides when both are there.
    [{ origin: "http://evil.example", referer: `${APP}/generate` }, false],
    [{}, false],
  ])("%j: %s", (headers, expected) => {
    expect(comesFromApp(request("POST", headers))).toBe(expected);
  });
});

describe("assertSameOriginForCookies", () => {
  it.each(["POST", "PUT", "PATCH", "DELETE"])("refuses a foreign %s with a 403", (method) => {
    const thrown = (() => {
      try {
        assertSameOriginForCookies(request(method, { origin: "http://evil.example" }));
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).code).toBe("csrf_rejected");
    expect((thrown as ApiError).status).toBe(403);
  });

  it.each(["GET", "HEAD", "OPTIONS"])("lets %s through: it changes nothing", (method) => {
    expect(() =>
      assertSameOriginForCookies(request(method, { origin: "http://evil.example" })),
    ).not.toThrow();
  });
});
