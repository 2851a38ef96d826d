// The admin area: /admin (charts from lib/admin/dashboard.ts) and /admin/queues (bull-board), open
// to signed-in administrators only. Everyone else gets a 404 from every method and subpath.
//
// Test ids: admin-outcomes, admin-cache, admin-providers, admin-queues (data-state: ready, empty,
// error), admin-queue-table (rows with data-queue), admin-failovers, admin-link, admin-link-compact
import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import { devices, type APIRequestContext } from "@playwright/test";
import { admin, userWithKey } from "./admin-cli";
import { expect, generateAndWait, signIn, test } from "./fixtures";
import { QUEUE_CONTRACT } from "../lib/queue/contract";
import { openQueue } from "../lib/queue/queues";
import { env } from "../lib/env";

const CSS = readdirSync("node_modules/@bull-board/ui/dist/static/css").find((f) =>
  f.endsWith(".css"),
);

/** Every kind of admin URL: the page, the board's page, deep links, its JSON API, its assets. */
const PATHS = [
  "/admin",
  "/admin/queues",
  "/admin/queues/queue/generations",
  "/admin/queues/api/queues",
  "/admin/queues/api/redis/stats",
  `/admin/queues/static/css/${CSS}`,
  "/admin/queues/static/images/logo.svg",
  "/admin/queues/api/queues/generations/pause",
  "/admin/queues/api/queues/generations/clean/completed",
  "/admin/queues/api/queues/generations/empty",
  "/admin/queues/does/not/exist",
];
const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"];
/** Every queue of the contract, which both the page and the board show. */
const QUEUES = Object.values(QUEUE_CONTRACT)
  .map((q) => q.name)
  .sort();

async function expectNothingThere(
  request: APIRequestContext,
  headers: Record<string, string> = {},
) {
  for (const path of PATHS) {
    for (const method of METHODS) {
      const response = await request.fetch(path, { method, headers, maxRedirects: 0 });
      expect(response.status(), `${method} ${path}`).toBe(404);
      const body = await response.text();
      for (const giveaway of ["bull", "Likeness queues", "Operations", "likeness_"]) {
        expect(body, `${method} ${path}`).not.toContain(giveaway);
      }
    }
  }
  // Not one of those requests reached the board: the queue was neither paused nor emptied.
  const { queue, close } = openQueue("generations", env().redisUrl);
  try {
    expect(await queue.isPaused()).toBe(false);
  } finally {
    await close();
  }
}

async function newAdmin(): Promise<string> {
  const email = `admin-${randomUUID().slice(0, 8)}@e2e.test`;
  await admin("user:create", "--email", email, "--tier", "premium");
  await admin("user:admin", "--email", email);
  return email;
}

test.describe("admin area", () => {
  test("is a 404 for an anonymous visitor, whatever they try", async ({ request }) => {
    expect(CSS).toBeDefined();
    await expectNothingThere(request);
  });

  test("is a 404 for a signed-in free user, and for an administrator's API key", async ({
    page,
    request,
  }) => {
    await signIn(page, `free-${randomUUID().slice(0, 8)}@e2e.test`);
    await expect(page.getByTestId("admin-link")).toHaveCount(0);
    await expectNothingThere(page.request);
    const adminPage = await page.goto("/admin");
    expect(adminPage?.status()).toBe(404);
    await expect(page.getByText("We couldn’t find that page")).toBeVisible();

    const email = `admin-key-${randomUUID().slice(0, 8)}@e2e.test`;
    const { key } = await userWithKey(email, "enterprise");
    await admin("user:admin", "--email", email);
    await expectNothingThere(request, { authorization: `Bearer ${key}` });
  });

  test("shows an administrator the charts, with real data, on desktop and phone", async ({
    page,
    browser,
  }, testInfo) => {
    test.setTimeout(60_000);
    const email = await newAdmin();
    await signIn(page, email);
    const prompt = `admin dashboard robot ${randomUUID().slice(0, 8)}`;
    const origin = { origin: new URL(page.url()).origin };
    const made = await generateAndWait(page.request, { prompt, style: "bottts", seed: 1 }, origin);
    expect(made.status).toBe("succeeded");
    await generateAndWait(page.request, { prompt, style: "bottts", seed: 2 }, origin);
    const hit = await generateAndWait(page.request, { prompt, style: "bottts", seed: 1 }, origin);
    expect(hit.cache).toBe("HIT");

    await page.getByTestId("admin-link").click();
    await page.waitForURL("**/admin");
    for (const section of ["admin-outcomes", "admin-cache", "admin-providers", "admin-queues"]) {
      await expect(page.getByTestId(section)).toHaveAttribute("data-state", "ready");
    }
    await expect(
      page.getByTestId("admin-outcomes").locator(".recharts-bar-rectangle").first(),
    ).toBeVisible();
    await expect(
      page.getByTestId("admin-cache").locator(".recharts-bar-rectangle").first(),
    ).toBeVisible();
    await expect(
      page.getByTestId("admin-providers").locator(".recharts-pie-sector").first(),
    ).toBeVisible();
    await expect(page.getByTestId("admin-providers")).toContainText("by local");
    await expect(page.getByTestId("admin-queues").locator(".recharts-surface")).toContainText(
      "premium",
    );
    for (const queue of QUEUES) {
      await expect(page.locator(`[data-queue="${queue}"]`)).toBeVisible();
    }
    await page.screenshot({ path: testInfo.outputPath("admin-desktop.png"), fullPage: true });

    const phone = await browser.newContext({
      ...devices["Pixel 7"],
      storageState: await page.context().storageState(),
    });
    const phonePage = await phone.newPage();
    await phonePage.goto("/");
    await phonePage.getByTestId("user-menu-compact").click();
    await phonePage.getByTestId("admin-link-compact").click();
    await phonePage.waitForURL("**/admin");
    await expect(
      phonePage.getByTestId("admin-outcomes").locator(".recharts-bar-rectangle").first(),
    ).toBeVisible();
    const width = await phonePage.evaluate(() => document.documentElement.scrollWidth);
    expect(width, "no sideways scrolling on a phone").toBeLessThanOrEqual(
      phonePage.viewportSize()!.width,
    );
    await phonePage.screenshot({ path: testInfo.outputPath("admin-phone.png"), fullPage: true });
    await phone.close();
  });

  test("shows an administrator bull-board with every queue", async ({ page }, testInfo) => {
    await signIn(page, await newAdmin());
    const board = await page.goto("/admin/queues");
    expect(board?.status()).toBe(200);
    for (const queue of QUEUES) {
      await expect(page.getByRole("link", { name: queue }).first()).toBeVisible();
    }
    const api = await page.request.get("/admin/queues/api/queues");
    expect(api.status()).toBe(200);
    const { queues } = (await api.json()) as { queues: { name: string }[] };
    expect(queues.map((q) => q.name).sort()).toEqual(QUEUES);
    const css = await page.request.get(`/admin/queues/static/css/${CSS}`);
    expect(css.status()).toBe(200);
    expect(css.headers()["content-type"]).toContain("text/css");
    await page.screenshot({ path: testInfo.outputPath("queues-desktop.png") });
  });
});
