import { defineConfig, devices } from "@playwright/test";
import type { SimulatorOptions } from "./e2e/fixtures";
import { localRedisUrl, localStack } from "./lib/local-stack";
import { SECRET_CANARIES } from "./e2e/secret-canaries";

const stack = localStack({ ...process.env, LIKENESS_PROFILE: "test" });

/**
 * fetch (Node's and Chromium's) refuses the Fetch standard's "bad ports"; these are the ones above
 * 1024. A port derived from PORT skips them: PORT=4100 would put the simulator on 4190 (ManageSieve).
 */
const FETCH_BAD_PORTS = new Set([
  1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669,
  6679, 6697, 10080,
]);
const fetchable = (port: number): number =>
  FETCH_BAD_PORTS.has(port) ? fetchable(port + 1) : port;
const baseURL = `http://127.0.0.1:${stack.webPort}`;

/**
 * A second instance of the app for the provider-fault tests: the same build and Postgres/S3, but
 * with Fal and Replicate keys pointed at the provider simulator, and its own Redis database, so the
 * two instances' workers never take each other's jobs. Its ports follow PORT (web port + 1, and the
 * simulator at web port + 90), so moving the test stack moves these along.
 */
export const CLOUD = {
  webPort: fetchable(stack.webPort + 1),
  simulatorPort: fetchable(stack.webPort + 90),
  redisUrl: `${localRedisUrl(stack)}/2`,
} as const;
const cloudURL = `http://127.0.0.1:${CLOUD.webPort}`;

/**
 * The loopback receiver e2e/webhooks.spec.ts starts, on a fixed port that follows PORT. Its
 * host:port is the only loopback address the main instance's web and worker may send webhooks to
 * (OUTBOUND_ALLOWED_HOSTS); retries are 200 ms apart instead of 5 s.
 */
export const WEBHOOK_RECEIVER_PORT = fetchable(stack.webPort + 95);
/**
 * Every e2e visitor comes from 127.0.0.1: the per-address anonymous allowances would make the tests
 * depend on each other. The allowances themselves are tested through the route handlers
 * (tests/integration/anonymous-limits.int.test.ts) and by e2e/client-address.spec.ts from other
 * loopback addresses.
 */
const ONE_ADDRESS_FOR_EVERY_VISITOR = {
  ANON_DAILY_QUOTA_PER_ADDRESS: "1000000",
  ANON_COOKIES_PER_ADDRESS_PER_HOUR: "1000000",
};

/**
 * Metrics of the main instance: /metrics behind a token (so the Prometheus test scrapes with it),
 * its worker's own metrics server, and the Prometheus that e2e/prometheus.spec.ts starts.
 */
export const METRICS = {
  token: "e2e-metrics-token-7d2f9a41c6b8",
  workerPort: fetchable(stack.webPort + 2),
  prometheusPort: fetchable(stack.webPort + 80),
} as const;

const mainEnv = {
  ...ONE_ADDRESS_FOR_EVERY_VISITOR,
  LIKENESS_PROFILE: "test",
  NODE_ENV: "production",
  LOCAL_AUTH: "enabled",
  OUTBOUND_ALLOWED_HOSTS: `127.0.0.1:${WEBHOOK_RECEIVER_PORT}`,
  WEBHOOK_RETRY_BASE_MS: "200",
  METRICS_TOKEN: METRICS.token,
  WORKER_METRICS_PORT: String(METRICS.workerPort),
};
const simulatorUrl = `http://127.0.0.1:${CLOUD.simulatorPort}`;
const cloudEnv = {
  ...ONE_ADDRESS_FOR_EVERY_VISITOR,
  LIKENESS_PROFILE: "test",
  NODE_ENV: "production",
  LOCAL_AUTH: "enabled",
  REDIS_URL: CLOUD.redisUrl,
  // Two tries instead of three: with both providers down each try takes ~7 s of Fal's own retries,
  // longer than a test should take (see e2e/provider-faults.spec.ts).
  GENERATION_JOB_ATTEMPTS: "2",
  // The canaries as the real secrets, which the simulator accepts like any key: e2e/logs.spec.ts
  // then checks that none of them reached a log line.
  FAL_KEY: SECRET_CANARIES.FAL_KEY,
  FAL_BASE_URL: simulatorUrl,
  REPLICATE_API_TOKEN: SECRET_CANARIES.REPLICATE_API_TOKEN,
  REPLICATE_BASE_URL: `${simulatorUrl}/v1`,
  AUTH_SECRET: SECRET_CANARIES.AUTH_SECRET,
};

/** A webServer command whose output also goes to reports/logs/<name>.log (e2e/serve-logged.sh). */
const logged = (name: string, command: string) => `bash e2e/serve-logged.sh ${name} ${command}`;

// Debian's Chromium: Playwright cannot download its own browsers on these machines.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export default defineConfig<SimulatorOptions>({
  testDir: "e2e",
  outputDir: "test-results",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "reports/e2e.json" }]],
  use: { baseURL, trace: "retain-on-failure", screenshot: "only-on-failure", launchOptions },
  projects: [
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"], launchOptions },
      testIgnore: [
        /mobile\.spec\.ts/,
        /provider-faults\.spec\.ts/,
        /\.cloud\.spec\.ts/,
        /logs\.spec\.ts/,
      ],
    },
    { name: "phone", use: { ...devices["Pixel 7"], launchOptions }, testMatch: /mobile\.spec\.ts/ },
    {
      name: "cloud",
      use: { ...devices["Desktop Chrome"], launchOptions, baseURL: cloudURL, simulatorUrl },
      // provider-faults.spec.ts, and any *.cloud.spec.ts that needs the simulator's faults.
      testMatch: /(provider-faults|\.cloud)\.spec\.ts/,
    },
    {
      // Last, so the logs it reads hold what every other test made the servers log.
      name: "logs",
      use: { ...devices["Desktop Chrome"], launchOptions },
      testMatch: /logs\.spec\.ts/,
    },
  ],
  // One production build (made by scripts/test.sh before this runs), served once for every test,
  // and one worker process beside it running the generation queue. The cloud instance (simulator,
  // web, worker) serves the same build. Every line each server prints is in reports/logs/<name>.log;
  // the runner's output shows only their stderr.
  webServer: [
    {
      name: "web",
      command: logged("web", `node server.mjs -p ${stack.webPort} -H 127.0.0.1`),
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: mainEnv,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      name: "worker",
      command: logged("worker", "node_modules/.bin/tsx workers/index.ts"),
      wait: { stdout: /ready: concurrency/ },
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      timeout: 30_000,
      env: mainEnv,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      name: "simulator",
      command: logged(
        "simulator",
        `node_modules/.bin/tsx scripts/simulator.ts --port ${CLOUD.simulatorPort}`,
      ),
      url: `${simulatorUrl}/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      name: "cloud-web",
      command: logged("cloud-web", `node server.mjs -p ${CLOUD.webPort} -H 127.0.0.1`),
      url: `${cloudURL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: cloudEnv,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      name: "cloud-worker",
      command: logged("cloud-worker", "node_modules/.bin/tsx workers/index.ts"),
      wait: { stdout: /ready: concurrency/ },
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      timeout: 30_000,
      env: cloudEnv,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
