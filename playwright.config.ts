import { defineConfig, devices } from "@playwright/test";
import { localStack } from "./lib/local-stack";

const stack = localStack({ ...process.env, LIKENESS_PROFILE: "test" });
const baseURL = `http://127.0.0.1:${stack.webPort}`;

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

export default defineConfig({
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
      testIgnore: /mobile\.spec\.ts/,
    },
    { name: "phone", use: { ...devices["Pixel 7"], launchOptions }, testMatch: /mobile\.spec\.ts/ },
  ],
  // One production build (made by scripts/test.sh before this runs), served once for every test,
  // and one worker process beside it running the generation queue.
  webServer: [
    {
      name: "web",
      command: `node_modules/.bin/next start -p ${stack.webPort} -H 127.0.0.1`,
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { LIKENESS_PROFILE: "test", NODE_ENV: "production" },
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      name: "worker",
      command: "node_modules/.bin/tsx workers/index.ts",
      wait: { stdout: /ready: concurrency/ },
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      timeout: 30_000,
      env: { LIKENESS_PROFILE: "test", NODE_ENV: "production" },
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
