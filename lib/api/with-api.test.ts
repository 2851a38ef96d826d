import { describe, expect, it } from "vitest";
import { metricsRegistry } from "@/lib/observability/metrics";
import { ApiError } from "./errors";
import { withApi } from "./with-api";

const context = { params: Promise.resolve({}) };
const failing = (error: ApiError) => async () => {
  throw error;
};

describe("withApi", () => {
  it("answers in our error shape by default, with the error's headers and the request id", async () => {
    const handler = withApi(
      failing(new ApiError("rate_limited", "slow down", { headers: { "Retry-After": "7" } })),
    );
    const response = await handler(
      new Request("http://app.test/api/health", { headers: { "x-request-id": "r-1" } }),
      context,
    );
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(response.headers.get("x-request-id")).toBe("r-1");
    expect((await response.json()).error).toMatchObject({
      code: "rate_limited",
      request_id: "r-1",
    });
  });

  it("lets a dialect render its own error shape, keeping the error's headers", async () => {
    const handler = withApi(failing(new ApiError("service_unavailable", "down")), {
      renderError: (error) => Response.json({ dialect: error.code }, { status: error.status }),
    });
    const response = await handler(new Request("http://app.test/v1/models"), context);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({ dialect: "service_unavailable" });
  });

  it.each([
    ["http://app.test/v1/models", "*"],
    ["http://app.test/api/v1/gallery", "*"],
    ["http://app.test/api/health", null],
    ["http://app.test/api/v1/account/keys", null],
  ])("adds the CORS headers of %s's policy, errors included: %s", async (url, allow) => {
    const ok = withApi(async () => Response.json({}));
    const failed = withApi(failing(new ApiError("unauthorized", "no key")));
    for (const handler of [ok, failed]) {
      const response = await handler(
        new Request(url, { headers: { origin: "https://elsewhere.example" } }),
        context,
      );
      expect(response.headers.get("access-control-allow-origin")).toBe(allow);
    }
  });
});

describe("withApi metrics", () => {
  it("counts each request by route pattern, dialect, method and status, errors included", async () => {
    metricsRegistry().resetMetrics();
    const ok = withApi<{ id: string }>(async () => Response.json({}));
    const id = { params: Promise.resolve({ id: "0b7d" }) };
    await ok(new Request("http://app.test/api/v1/generations/0b7d"), id);
    await ok(new Request("http://app.test/api/v1/generations/0b7d"), id);
    await withApi(failing(new ApiError("rate_limited", "slow down")))(
      new Request("http://app.test/v1/images/generations", { method: "POST" }),
      context,
    );
    const text = await metricsRegistry().getSingleMetricAsString("likeness_http_requests_total");
    expect(text).toContain(
      'likeness_http_requests_total{route="/api/v1/generations/[id]",dialect="native",method="GET",status="200"} 2',
    );
    expect(text).toContain(
      'likeness_http_requests_total{route="/v1/images/generations",dialect="openai",method="POST",status="429"} 1',
    );
    expect(text).not.toContain("0b7d");
  });
});
