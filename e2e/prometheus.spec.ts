// A real Prometheus (Debian's `prometheus`, installed by scripts/ensure-system.sh --with-prometheus)
// scrapes the main instance's web and worker with the bearer token, as an operator would set it up,
// and the series a generation moves are read back through Prometheus' HTTP API.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { METRICS } from "../playwright.config";
import { localStack } from "../lib/local-stack";
import { expect, generateAndWait, test } from "./fixtures";

const PROMETHEUS = process.env.PROMETHEUS_PATH ?? "/usr/bin/prometheus";
const webPort = localStack({ ...process.env, LIKENESS_PROFILE: "test" }).webPort;
const api = `http://127.0.0.1:${METRICS.prometheusPort}`;

const CONFIG = `
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: likeness-web
    authorization: { type: Bearer, credentials: "${METRICS.token}" }
    static_configs: [{ targets: ["127.0.0.1:${webPort}"] }]
  - job_name: likeness-worker
    authorization: { type: Bearer, credentials: "${METRICS.token}" }
    static_configs: [{ targets: ["127.0.0.1:${METRICS.workerPort}"] }]
`;

/** One instant query's value (the sum over its series), or undefined when nothing matches yet. */
async function value(promql: string): Promise<number | undefined> {
  const response = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await response.json()) as {
    status: string;
    data: { result: { value: [number, string] }[] };
  };
  expect(body.status).toBe("success");
  const [first] = body.data.result;
  return first ? Number(first.value[1]) : undefined;
}

test.describe("metrics in Prometheus", () => {
  let prometheus: ChildProcess | undefined;
  let dir = "";
  let output = "";

  test.beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "likeness-prometheus-"));
    await writeFile(path.join(dir, "prometheus.yml"), CONFIG);
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${path.join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${path.join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${METRICS.prometheusPort}`,
        "--log.level=warn",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    prometheus.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    prometheus.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    await expect
      .poll(async () => (await fetch(`${api}/-/ready`).catch(() => undefined))?.status, {
        message: `Prometheus did not start: ${output}`,
        timeout: 15_000,
      })
      .toBe(200);
  });

  test.afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once("exit", resolve));
      prometheus.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (prometheus.exitCode === null) prometheus.kill("SIGKILL");
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("scrapes web and worker, and the series move when a generation runs", async ({
    request,
  }) => {
    test.setTimeout(30_000);
    // Both targets are up: the token was accepted, and the worker serves its own metrics.
    for (const job of ["likeness-web", "likeness-worker"]) {
      await expect.poll(() => value(`up{job="${job}"}`), { timeout: 10_000 }).toBe(1);
    }
    const generations = `sum(likeness_generations_total{job="likeness-worker",outcome="succeeded"})`;
    const calls = `sum(likeness_provider_calls_total{job="likeness-worker",provider="local",outcome="succeeded"})`;
    const posts = `sum(likeness_http_requests_total{job="likeness-web",route="/api/v1/generations",method="POST"})`;
    const misses = `sum(likeness_cache_lookups_total{job="likeness-web",result="miss"})`;
    const before = {
      generations: (await value(generations)) ?? 0,
      calls: (await value(calls)) ?? 0,
      posts: (await value(posts)) ?? 0,
      misses: (await value(misses)) ?? 0,
    };

    const made = await generateAndWait(request, {
      prompt: `prometheus canary robot ${randomUUID().slice(0, 8)}`,
      style: "bottts",
    });
    expect(made.status).toBe("succeeded");

    const poll = { timeout: 10_000, intervals: [500] };
    await expect
      .poll(async () => (await value(generations)) ?? 0, poll)
      .toBeGreaterThan(before.generations);
    await expect.poll(async () => (await value(calls)) ?? 0, poll).toBeGreaterThan(before.calls);
    await expect.poll(async () => (await value(posts)) ?? 0, poll).toBeGreaterThan(before.posts);
    await expect.poll(async () => (await value(misses)) ?? 0, poll).toBeGreaterThan(before.misses);
    // Queue depth per lane is there too, read from Redis at each scrape of the web.
    expect(await value(`count(likeness_queue_depth{job="likeness-web",queue="generations"})`)).toBe(
      6,
    );
  });

  test("refuses a scrape without the token", async ({ request }) => {
    const web = await request.get("/metrics");
    expect(web.status()).toBe(401);
    expect(web.headers()["www-authenticate"]).toBe('Bearer realm="metrics"');
    const worker = await fetch(`http://127.0.0.1:${METRICS.workerPort}/metrics`);
    expect(worker.status).toBe(401);
    const withToken = await request.get("/metrics", {
      headers: { authorization: `Bearer ${METRICS.token}` },
    });
    expect(withToken.status()).toBe(200);
    expect(await withToken.text()).toContain("likeness_http_requests_total");
  });
});
