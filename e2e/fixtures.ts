import { test as base, expect, type APIRequestContext } from "@playwright/test";
import type { GalleryPage } from "../lib/gallery/types";
import type { SimCounts } from "../lib/simulator/context";
import type { Faults, SimProvider } from "../lib/simulator/faults";
import { startService, stackContext, stopService, type ServiceName } from "../scripts/stack/index";

/** Project options: set in playwright.config.ts for the project that runs against the simulator. */
export interface SimulatorOptions {
  /** Origin of the provider simulator the project's app talks to; undefined for the other projects. */
  simulatorUrl: string | undefined;
}

/** The provider simulator's admin API (lib/simulator/server.ts), as a test drives it. */
export interface SimulatorControl {
  /** Replaces every fault of one provider (omitted latency falls back to the default). */
  setFaults: (provider: SimProvider, faults: Faults) => Promise<void>;
  counts: () => Promise<Record<SimProvider, SimCounts>>;
}

interface Fixtures {
  /** GET /api/v1/gallery with the given query, asserting a 200. */
  galleryApi: (query?: Record<string, string>) => Promise<GalleryPage>;
  /** Stops a backing service for the duration of a callback, and always starts it again. */
  withServiceDown: (
    name: Extract<ServiceName, "pg" | "redis" | "s3">,
    fn: () => Promise<void>,
  ) => Promise<void>;
  /**
   * The simulator, with faults and counts reset before the test and faults reset again after it
   * (pass or fail), so no test inherits another's outage.
   */
  simulator: SimulatorControl;
}

async function fetchGallery(
  request: APIRequestContext,
  query: Record<string, string>,
): Promise<GalleryPage> {
  const response = await request.get(`/api/v1/gallery?${new URLSearchParams(query)}`);
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as GalleryPage;
}

async function admin(url: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}/__admin/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`simulator ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

export const test = base.extend<Fixtures & SimulatorOptions>({
  // Each test is one visitor that keeps its cookies, as a browser does: its first call takes the
  // anonymous id cookie. (A client that drops cookies is charged to its IP, or with no trusted proxy
  // to one shared pool: see subjectFor.cookieless. Tests that mean to be that client use fetch.)
  request: async ({ request }, use) => {
    const primed = await request.get("/api/v1/me/limits");
    expect(primed.status(), "the visitor's first call").toBe(200);
    await use(request);
  },
  simulatorUrl: [undefined, { option: true }],
  simulator: async ({ simulatorUrl }, use) => {
    if (simulatorUrl === undefined) {
      throw new Error("no simulator in this project: use the cloud project (playwright.config.ts)");
    }
    await admin(simulatorUrl, "reset", {});
    await use({
      setFaults: async (provider, faults) => {
        await admin(simulatorUrl, "faults", { provider, ...faults });
      },
      counts: async () => (await admin(simulatorUrl, "counts")) as Record<SimProvider, SimCounts>,
    });
    await admin(simulatorUrl, "reset", {});
  },
  galleryApi: async ({ request }, use) => {
    await use((query = {}) => fetchGallery(request, query));
  },
  withServiceDown: async ({}, use) => {
    const ctx = stackContext({ ...process.env, LIKENESS_PROFILE: "test" });
    await use(async (name, fn) => {
      await stopService(name, ctx);
      try {
        await fn();
      } finally {
        await startService(name, ctx);
      }
    });
  },
});

export { expect };
