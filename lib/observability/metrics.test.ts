import { Counter } from "prom-client";
import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  appMetric,
  metricsRegistry,
  observeJobRun,
  recordCache,
  recordGeneration,
  recordHttp,
  recordRejection,
  setQueueSnapshotSource,
} from "./metrics";
import { metricsResponse } from "./metrics-endpoint";

const metric = (name: string) => metricsRegistry().getSingleMetricAsString(name);

beforeEach(() => {
  metricsRegistry().resetMetrics();
  setQueueSnapshotSource(async () => []);
});

describe("the registry", () => {
  it("is one per process, however often the module is evaluated", async () => {
    const first = metricsRegistry();
    vi.resetModules();
    const again = await import("./metrics");
    expect(again.metricsRegistry()).toBe(first);
    again.recordCache("hit");
    expect(await metric("likeness_cache_lookups_total")).toContain(
      'likeness_cache_lookups_total{result="hit"} 1',
    );
  });

  it("carries the process's default metrics", async () => {
    expect(await metricsRegistry().metrics()).toContain("process_cpu_user_seconds_total");
  });

  it("lets other code add a metric once", () => {
    const make = (registers: typeof metricsRegistry extends () => infer R ? R[] : never) =>
      new Counter({ name: "likeness_test_extra_total", help: "test", registers });
    const a = appMetric("likeness_test_extra_total", make);
    const b = appMetric("likeness_test_extra_total", make);
    expect(b).toBe(a);
  });
});

describe("helpers", () => {
  it("counts cache results, rejections by tier and generations by outcome", async () => {
    recordCache("hit", 2);
    recordCache("miss");
    recordRejection("quota", "free");
    recordRejection("rate_limit", "anonymous");
    recordGeneration("succeeded");
    recordGeneration("failed", "content_flagged");
    const all = await metricsRegistry().metrics();
    expect(all).toContain('likeness_cache_lookups_total{result="hit"} 2');
    expect(all).toContain('likeness_cache_lookups_total{result="miss"} 1');
    expect(all).toContain('likeness_rejections_total{reason="quota",tier="free"} 1');
    expect(all).toContain('likeness_rejections_total{reason="rate_limit",tier="anonymous"} 1');
    expect(all).toContain('likeness_generations_total{outcome="succeeded",code=""} 1');
    expect(all).toContain('likeness_generations_total{outcome="failed",code="content_flagged"} 1');
  });

  it("turns a leak of route labels into 'other' instead of a series per path", async () => {
    for (let i = 0; i < 150; i++) {
      recordHttp({ route: `/leak/${i}`, dialect: "other", method: "GET", status: 200, seconds: 0 });
    }
    const text = await metric("likeness_http_requests_total");
    expect(text).toContain('route="other"');
    expect(text).not.toContain('route="/leak/149"');
    expect(text.split("\n").filter((l) => l.startsWith("likeness_")).length).toBeLessThanOrEqual(
      101,
    );
  });

  it("times a job's wait and run from BullMQ's timestamps", async () => {
    observeJobRun(
      { queue: "generations", lane: "premium", addedAt: 1_000, startedAt: 3_500, endedAt: 4_000 },
      "completed",
    );
    const wait = await metric("likeness_queue_wait_seconds");
    expect(wait).toContain(
      'likeness_queue_wait_seconds_sum{queue="generations",lane="premium"} 2.5',
    );
    const run = await metric("likeness_queue_run_seconds");
    expect(run).toContain('likeness_queue_run_seconds_sum{queue="generations",lane="premium"} 0.5');
    expect(await metric("likeness_queue_jobs_ended_total")).toContain(
      'likeness_queue_jobs_ended_total{queue="generations",result="completed"} 1',
    );
  });
});

describe("queue gauges", () => {
  it("read the queues once per scrape for both gauges", async () => {
    const source = vi.fn(async () => [
      {
        queue: "generations",
        states: { prioritized: 7, active: 2 },
        lanes: { premium: 3, free: 4 },
      },
    ]);
    setQueueSnapshotSource(source);
    const text = await metricsRegistry().metrics();
    expect(text).toContain('likeness_queue_depth{queue="generations",lane="free"} 4');
    expect(text).toContain('likeness_queue_jobs{queue="generations",state="active"} 2');
    expect(source).toHaveBeenCalledTimes(1);
  });

  it("count a failed read and report no stale numbers", async () => {
    setQueueSnapshotSource(async () => [
      { queue: "generations", states: { active: 2 }, lanes: { free: 4 } },
    ]);
    expect(await metricsRegistry().metrics()).toContain(
      'likeness_queue_depth{queue="generations",lane="free"} 4',
    );
    setQueueSnapshotSource(async () => {
      throw new Error("redis down");
    });
    const text = await metricsRegistry().metrics();
    expect(text).not.toContain('likeness_queue_depth{queue="generations"');
    expect(text).toContain('likeness_metrics_collect_errors_total{source="queues"} 1');
  });
});

describe("metricsResponse", () => {
  const token = "t0k3n-of-sixteen+";
  const get = (authorization?: string) =>
    metricsResponse({ headers: new Headers(authorization ? { authorization } : {}) }, token);

  it("serves Prometheus' text format", async () => {
    const response = await metricsResponse({ headers: new Headers() }, undefined);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    expect(await response.text()).toContain("# TYPE likeness_http_requests_total counter");
  });

  it.each([undefined, "Bearer wrong", `Basic ${token}`, `Bearer ${token}x`, token])(
    "refuses %s with a 401 when METRICS_TOKEN is set",
    async (authorization) => {
      const response = await get(authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(await response.text()).not.toContain("likeness_");
    },
  );

  it("answers the right bearer token", async () => {
    expect((await get(`Bearer ${token}`)).status).toBe(200);
    expect((await get(`bearer ${token}`)).status).toBe(200);
  });
});
