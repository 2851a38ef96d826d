import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMetricsServer } from "./metrics-server";

const TOKEN = "worker-metrics-token-1";

describe("a worker's metrics server", () => {
  let server: Awaited<ReturnType<typeof startMetricsServer>>;
  let base: string;
  beforeAll(async () => {
    server = await startMetricsServer(0, TOKEN);
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());

  it("takes a free port when asked for port 0", () => {
    expect(server.port).toBeGreaterThan(0);
  });

  it("serves the registry to the bearer of METRICS_TOKEN, and only to them", async () => {
    const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("# TYPE likeness_provider_calls_total counter");
    const refused = await fetch(`${base}/metrics`);
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain("likeness_");
  });

  it("serves nothing else", async () => {
    const other = await fetch(`${base}/`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(other.status).toBe(404);
    const post = await fetch(`${base}/metrics`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(post.status).toBe(404);
  });

  it("says so when the port is taken", async () => {
    await expect(startMetricsServer(server.port, TOKEN)).rejects.toMatchObject({
      code: "EADDRINUSE",
    });
  });
});
