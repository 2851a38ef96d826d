import { randomUUID } from "node:crypto";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import pg from "pg";
import { generateApiKey } from "../lib/auth/api-keys";
import type { TierId } from "../lib/auth/types";
import type { GalleryPage } from "../lib/gallery/types";
import { localDatabaseUrl, localStack } from "../lib/local-stack";
import type { SimCounts } from "../dev/simulator/context";
import type { Faults, SimProvider } from "../dev/simulator/faults";
import { startService, stackContext, stopService, type ServiceName } from "../scripts/stack/index";

/** Project options: set in playwright.config.ts for the project that runs against the simulator. */
export interface SimulatorOptions {
  /** Origin of the provider simulator the project's app talks to; undefined for the other projects. */
  simulatorUrl: string | undefined;
}

/** The provider simulator's admin API (dev/simulator/server.ts), as a test drives it. */
export interface SimulatorControl {
  /** Replaces every fault of one provider (omitted latency falls back to the default). */
  setFaults: (provider: SimProvider, faults: Faults) => Promise<void>;
  counts: () => Promise<Record<SimProvider, SimCounts>>;
}

/** An account made for one test, with one API key (lib/auth/api-keys: only its hash is stored). */
export interface TestApiKey {
  /** The full `lk_live_` key, to send as `Authorization: Bearer <key>`. */
  key: string;
  id: string;
  userId: string;
  email: string;
  /** Revokes the key, as its owner would at /account. */
  revoke: () => Promise<void>;
}

export interface ApiKeyOptions {
  /** Default: enterprise, the tier API keys are for. */
  tier?: Exclude<TierId, "anonymous">;
  /** profiles.overrides, e.g. `{ daily_quota: 3 }`. */
  overrides?: Record<string, unknown>;
}

interface Fixtures {
  /** Makes a fresh account and API key (a new email each call, so quotas start at zero). */
  apiKey: (options?: ApiKeyOptions) => Promise<TestApiKey>;
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

/** A connection to the test stack's database for the duration of `fn`. */
export async function withTestDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const stack = localStack({ ...process.env, LIKENESS_PROFILE: "test" });
  const client = new pg.Client({ connectionString: localDatabaseUrl(stack) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Local sign-in, as a person does it: ask for a link for `email`, open it, land on `next`. */
export async function signIn(page: Page, email: string, next = "/account"): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByTestId("signin-email").fill(email);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("signin-open-link").click();
  await page.waitForURL((url) => url.pathname === next);
}

/**
 * POST /api/v1/generations and wait for the generation to end; returns its final view and the
 * X-Request-Id the web answered with.
 */
export async function generateAndWait(
  request: APIRequestContext,
  body: Record<string, unknown>,
  /** A page's request context sends no Origin of its own; its cookie-authenticated POST needs one. */
  headers: Record<string, string> = {},
): Promise<{ id: string; status: string; requestId: string; cache: string }> {
  const response = await request.post("/api/v1/generations", { data: body, headers });
  expect([200, 202], await response.text()).toContain(response.status());
  const { id } = (await response.json()) as { id: string };
  let status = "";
  await expect
    .poll(
      async () => {
        const view = await request.get(`/api/v1/generations/${id}`);
        status = ((await view.json()) as { status: string }).status;
        return status;
      },
      { timeout: 20_000 },
    )
    .toMatch(/^(succeeded|failed)$/);
  return {
    id,
    status,
    requestId: response.headers()["x-request-id"]!,
    cache: response.headers()["x-cache"]!,
  };
}

/** The local auth.users insert makes the profile (a trigger), as local sign-in does. */
async function createApiKeyAccount(options: ApiKeyOptions): Promise<TestApiKey> {
  const email = `key-${randomUUID().slice(0, 12)}@e2e.test`;
  const generated = generateApiKey();
  const { userId, id } = await withTestDb(async (client) => {
    const user = await client.query<{ id: string }>(
      "insert into auth.users (email) values ($1) returning id",
      [email],
    );
    const owner = user.rows[0]!.id;
    await client.query("update public.profiles set tier_id = $2, overrides = $3 where id = $1", [
      owner,
      options.tier ?? "enterprise",
      options.overrides ?? {},
    ]);
    const key = await client.query<{ id: string }>(
      `insert into public.api_keys (owner_id, name, prefix, key_hash) values ($1, 'e2e', $2, $3)
       returning id`,
      [owner, generated.prefix, generated.hash],
    );
    return { userId: owner, id: key.rows[0]!.id };
  });
  const revoke = () =>
    withTestDb(async (client) => {
      await client.query("update public.api_keys set revoked_at = now() where id = $1", [id]);
    });
  return { key: generated.key, id, userId, email, revoke };
}

export const test = base.extend<Fixtures & SimulatorOptions>({
  // Each test is one visitor that keeps its cookies, as a browser does: its first call takes the
  // anonymous id cookie. (A client that drops cookies is charged to its IP, or with no trusted proxy
  // to one shared pool: see subjectFor.cookieless. Tests that mean to be that client use fetch.)
  // Like a browser's page, it sends its Origin (this app's), without which a cookie-authenticated
  // POST is refused as cross-site (lib/api/csrf.ts).
  request: async ({ playwright, baseURL }, use) => {
    const request = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { origin: new URL(baseURL!).origin },
    });
    const primed = await request.get("/api/v1/me/limits");
    expect(primed.status(), "the visitor's first call").toBe(200);
    await use(request);
    await request.dispose();
  },
  apiKey: async ({}, use) => {
    await use((options = {}) => createApiKeyAccount(options));
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
  withServiceDown: async ({ request }, use) => {
    const ctx = stackContext({ ...process.env, LIKENESS_PROFILE: "test" });
    await use(async (name, fn) => {
      await stopService(name, ctx);
      try {
        await fn();
      } finally {
        await startService(name, ctx);
        // The app's own connections come back on their reconnect schedule (up to 2 s for Redis):
        // the next test starts once the app reports the service healthy again, not just the server.
        await expect
          .poll(async () => (await request.get("/api/health")).status(), { timeout: 15_000 })
          .toBe(200);
      }
    });
  },
});

export { expect };
