// Quota and tier UX on /generate, and the /account page (tier, usage, history, API keys).
//
// Test ids:
//   /generate  generate-tier (data-tier, data-remaining), generate-quota-spent (data-tier),
//              generate-quota-reset, generate-quota-upgrade, generate-similar,
//              generate-request-error (data-code), generate-retry-countdown, generate-size-hint,
//              generate-model (only when the tier has a choice), generate-model-note
//   /account   account-plan (data-tier), account-usage (progressbar), account-reset,
//              account-history, account-history-item (data-request-id, data-status, data-private),
//              account-private-toggle (role=switch), account-delete, account-load-more,
//              account-history-status, account-history-empty, account-confirm(-yes|-no),
//              account-keys, account-key (data-key-id, data-status), account-key-name,
//              account-key-expiry, account-key-create, account-key-error, account-new-key,
//              account-new-key-value, account-new-key-copy, account-key-revoke,
//              account-keys-status, account-upgrade
//
// Anonymous visitors are told apart by a cookie, so each test's fresh browser context is a fresh
// visitor with a fresh quota; signed-in tests use a new email each run.
import { randomUUID } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test, withTestDb as withDb } from "./fixtures";

const uniquePrompt = (words: string) => `${words} ${randomUUID().slice(0, 8)}`;

/** Submits the form and waits until the result on show is a new generation. */
async function generate(page: Page, prompt: string): Promise<string> {
  const result = page.getByTestId("generate-result");
  const before =
    (await result.count()) > 0 ? await result.getAttribute("data-generation-id") : null;
  await page.getByTestId("generate-prompt").fill(prompt);
  await page.getByTestId("generate-submit").click();
  await expect(result).toBeVisible({ timeout: 20_000 });
  if (before) {
    await expect(result).not.toHaveAttribute("data-generation-id", before, { timeout: 20_000 });
  }
  return (await result.getAttribute("data-generation-id"))!;
}

/** Local sign-in: ask for a link for `email` and open it; lands on `next`. */
async function signIn(page: Page, email: string, next = "/account"): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByTestId("signin-email").fill(email);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("signin-open-link").click();
  await page.waitForURL((url) => url.pathname === next);
}

async function setTier(email: string, tier: string): Promise<void> {
  await withDb(async (client) => {
    const result = await client.query(
      "update public.profiles set tier_id = $2 where lower(email) = lower($1)",
      [email, tier],
    );
    expect(result.rowCount).toBe(1);
  });
}

async function firstRequestId(request: APIRequestContext): Promise<string> {
  const response = await request.get("/api/v1/account/generations");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { data: { id: string }[] };
  return body.data[0]!.id;
}

test.describe("quota and tier on the generate page", () => {
  test("after the anonymous tier's 3 a day, says so with the reset time, a way up and similar avatars", async ({
    page,
  }, testInfo) => {
    await page.goto("/generate");
    const tier = page.getByTestId("generate-tier");
    await expect(tier).toContainText("Anonymous: 3 a day");
    await expect(tier).toContainText("3 left");
    await expect(tier).toContainText("up to 1280 px");
    await expect(tier.getByRole("link", { name: "Sign in for 10 a day" })).toBeVisible();

    for (let i = 0; i < 3; i++)
      await generate(page, uniquePrompt(`quota pilot ${i} with red hair`));
    await expect(tier).toHaveAttribute("data-remaining", "0");
    await expect(tier).toContainText("0 left");

    await page.getByTestId("generate-prompt").fill(uniquePrompt("smiling pirate with a red beard"));
    await page.getByTestId("generate-submit").click();
    const spent = page.getByTestId("generate-quota-spent");
    await expect(spent).toBeVisible();
    await expect(spent).toHaveAttribute("data-tier", "anonymous");
    await expect(spent.getByRole("heading", { level: 2 })).toHaveText(
      "You’ve used today’s 3 generations",
    );
    // Midnight UTC in the browser's zone, and how long until then.
    await expect(page.getByTestId("generate-quota-reset")).toContainText(
      /\d{2}:\d{2}.*\(in (\d+ h( \d+ min)?|\d+ min( \d+ s)?|\d+ s), midnight UTC\)/,
    );
    const upgrade = page.getByTestId("generate-quota-upgrade");
    await expect(upgrade).toHaveText("Sign in for 10 a day");
    await expect(upgrade).toHaveAttribute("href", "/signin?next=/generate");
    const similar = spent.getByTestId("generate-similar");
    await expect(similar).toHaveAttribute("aria-busy", "false");
    await expect(similar.locator("img").first()).toBeVisible();
    // Never a blank panel or a stand-in image: no result, no generated picture.
    await expect(page.getByTestId("generate-result")).toHaveCount(0);
    await expect(page.getByTestId("generate-image")).toHaveCount(0);

    await page.screenshot({ path: testInfo.outputPath("quota-spent.png") });
  });

  test("offers only the sizes and models the tier allows", async ({ page }) => {
    await page.goto("/generate");
    await expect(page.getByTestId("generate-tier")).toBeVisible();
    await page.getByText("Advanced").click();
    const size = page.getByTestId("generate-size");
    await expect(size.locator('option[value="1024"]')).toBeEnabled();
    await expect(size.locator('option[value="1536"]')).toBeDisabled();
    await expect(size.locator('option[value="2048"]')).toBeDisabled();
    await expect(page.getByTestId("generate-size-hint")).toContainText(
      "The Anonymous tier makes up to 1280 px",
    );
    await expect(page.getByTestId("generate-model")).toHaveCount(0);
    await expect(page.getByTestId("generate-model-note")).toContainText(
      "FLUX dev comes with Premium and Enterprise",
    );
  });

  test("counts down a rate limit, and explains a size the tier does not include", async ({
    page,
  }) => {
    let answer: "rate" | "size" = "rate";
    await page.route("**/api/v1/generations", async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      if (answer === "rate") {
        return route.fulfill({
          status: 429,
          headers: { "content-type": "application/json", "retry-after": "3" },
          body: JSON.stringify({
            error: {
              code: "rate_limited",
              message: "Too many requests: the Anonymous tier allows 10 per minute. Retry in 3 s.",
              details: { limit: "requests_per_minute", allowed: 10 },
            },
          }),
        });
      }
      return route.fulfill({
        status: 403,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          error: {
            code: "size_not_allowed",
            message:
              "The Anonymous tier makes images up to 1280 px on the longer side; 2048×2048 is larger.",
            details: { max_size: 1280, width: 2048, height: 2048, tier: "anonymous" },
          },
        }),
      });
    });
    await page.goto("/generate");
    // The tier's name in the message comes from the limits the page reads on load.
    await expect(page.getByTestId("generate-tier")).toHaveAttribute("data-tier", "anonymous");
    await page.getByTestId("generate-prompt").fill("a calm fox");
    await page.getByTestId("generate-submit").click();
    const problem = page.getByTestId("generate-request-error");
    await expect(problem).toHaveAttribute("data-code", "rate_limited");
    await expect(problem).toContainText(
      "Slow down: the Anonymous tier allows 10 requests a minute.",
    );
    await expect(page.getByTestId("generate-retry-countdown")).toHaveText(
      /You can try again in [1-3] s\./,
    );
    await expect(problem).toContainText("You can try again now.", { timeout: 6_000 });
    await expect(page.getByTestId("generate-retry-countdown")).toHaveCount(0);

    answer = "size";
    await page.getByTestId("generate-submit").click();
    await expect(problem).toHaveAttribute("data-code", "size_not_allowed");
    await expect(problem).toContainText("up to 1280 px");
    await expect(problem.getByRole("link", { name: "See what each tier allows" })).toHaveAttribute(
      "href",
      "/account#upgrade",
    );
  });
});

test.describe("account page", () => {
  test("sends a signed-out visitor to sign in, and the account API answers 401", async ({
    page,
    request,
  }) => {
    await page.goto("/account");
    await expect(page).toHaveURL(/\/signin\?next=(%2F|\/)account$/);
    for (const [method, path] of [
      ["GET", "/api/v1/account"],
      ["GET", "/api/v1/account/generations"],
      ["PATCH", `/api/v1/account/generations/${randomUUID()}`],
      ["DELETE", `/api/v1/account/generations/${randomUUID()}`],
      ["GET", "/api/v1/account/keys"],
    ] as const) {
      const response = await request.fetch(path, {
        method,
        data: method === "PATCH" ? { private: true } : undefined,
      });
      expect(response.status(), `${method} ${path}`).toBe(401);
      expect((await response.json()).error.code).toBe("unauthorized");
    }
  });

  test("shows the tier and today's usage, and makes private and deletes a generation", async ({
    page,
  }, testInfo) => {
    const email = `account-${randomUUID().slice(0, 8)}@e2e.test`;
    await signIn(page, email, "/generate");
    await expect(page.getByTestId("generate-tier")).toContainText("Free: 10 a day");
    const generationId = await generate(page, uniquePrompt("librarian with round glasses"));

    await page.goto("/account");
    const plan = page.getByTestId("account-plan");
    await expect(plan).toHaveAttribute("data-tier", "free");
    await expect(plan).toContainText("1 of 10 today");
    await expect(page.getByTestId("account-usage")).toHaveAttribute("aria-valuenow", "1");
    await expect(page.getByTestId("account-reset")).toContainText(/\(in .+, midnight UTC\)/);
    await expect(page.getByTestId("account-keys")).toHaveCount(0);
    await expect(page.getByTestId("account-upgrade")).toContainText("no checkout");

    const item = page.getByTestId("account-history-item");
    await expect(item).toHaveCount(1);
    await expect(item).toHaveAttribute("data-status", "succeeded");
    await expect(item.locator("img")).toHaveJSProperty("complete", true);
    const toggle = item.getByTestId("account-private-toggle");
    await expect(toggle).toHaveAttribute("aria-checked", "false");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    await expect(page.getByTestId("account-history-status")).toContainText("Made private");
    await page.reload();
    await expect(page.getByTestId("account-private-toggle")).toHaveAttribute(
      "aria-checked",
      "true",
    );
    await page.screenshot({ path: testInfo.outputPath("account.png"), fullPage: true });

    // Cancel keeps it; confirming deletes it, and nobody else had it, so the image goes too.
    await page.getByTestId("account-delete").click();
    // The open dialog: the only one in the accessibility tree (closed ones are not).
    const dialog = page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAttribute("data-testid", "account-confirm");
    await expect(dialog).toContainText("unless someone else also made it");
    await expect(dialog.getByTestId("account-confirm-no")).toBeFocused();
    await dialog.getByTestId("account-confirm-no").click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("account-history-item")).toHaveCount(1);
    await page.getByTestId("account-delete").click();
    await dialog.getByTestId("account-confirm-yes").click();
    await expect(page.getByTestId("account-history-item")).toHaveCount(0);
    await expect(page.getByTestId("account-history-status")).toContainText("Deleted.");
    await expect(page.getByTestId("account-history-empty")).toBeVisible();
    const gone = await page.request.get(`/api/v1/generations/${generationId}`);
    expect(gone.status()).toBe(404);
    // Deleting does not give the quota back.
    await page.reload();
    await expect(page.getByTestId("account-plan")).toContainText("1 of 10 today");
  });

  test("refuses to touch another user's generation (404) and keys below enterprise (403)", async ({
    browser,
  }) => {
    const alice = await browser.newContext();
    const mallory = await browser.newContext();
    try {
      const alicePage = await alice.newPage();
      await signIn(alicePage, `alice-${randomUUID().slice(0, 8)}@e2e.test`, "/generate");
      await generate(alicePage, uniquePrompt("gardener with a straw hat"));
      const requestId = await firstRequestId(alice.request);

      const malloryPage = await mallory.newPage();
      await signIn(malloryPage, `mallory-${randomUUID().slice(0, 8)}@e2e.test`);
      // From this site's pages (as the account page sends them), so the ownership check is what answers.
      const origin = { origin: new URL(malloryPage.url()).origin };
      const patch = await mallory.request.patch(`/api/v1/account/generations/${requestId}`, {
        data: { private: true },
        headers: origin,
      });
      expect(patch.status()).toBe(404);
      const del = await mallory.request.delete(`/api/v1/account/generations/${requestId}`, {
        headers: origin,
      });
      expect(del.status()).toBe(404);
      expect((await mallory.request.get("/api/v1/account/keys")).status()).toBe(403);

      const still = await alice.request.get("/api/v1/account/generations");
      const body = (await still.json()) as { data: { id: string; private: boolean }[] };
      expect(body.data).toEqual([expect.objectContaining({ id: requestId, private: false })]);
    } finally {
      await alice.close();
      await mallory.close();
    }
  });

  test("an enterprise user creates a key, sees it once, uses it, and revokes it", async ({
    page,
    context,
    request,
  }, testInfo) => {
    const email = `enterprise-${randomUUID().slice(0, 8)}@e2e.test`;
    await signIn(page, email);
    await setTier(email, "enterprise");
    await page.reload();
    const keys = page.getByTestId("account-keys");
    await expect(keys).toBeVisible();
    await expect(page.getByTestId("account-plan")).toContainText("Priority lane");

    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByTestId("account-key-create").click();
    await expect(page.getByTestId("account-key-error")).toContainText("Give the key a name");
    await page.getByTestId("account-key-name").fill("ci");
    await page.getByTestId("account-key-create").click();
    const created = page.getByTestId("account-new-key");
    await expect(created).toContainText("you won’t see it again");
    const secret = await page.getByTestId("account-new-key-value").inputValue();
    // 43 random characters and a 6-character checksum of them.
    expect(secret).toMatch(/^lk_live_[0-9A-Za-z]{49}$/);
    await expect(page.getByTestId("account-new-key-webhook-secret")).toHaveValue(/^whsec_/);
    await page.getByTestId("account-new-key-copy").click();
    await expect(page.getByTestId("account-new-key-copy")).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await page.screenshot({ path: testInfo.outputPath("account-keys.png"), fullPage: true });

    const used = await request.post("/api/v1/generations", {
      headers: { authorization: `Bearer ${secret}` },
      data: { prompt: uniquePrompt("robot with a teal visor"), width: 256, height: 256 },
    });
    expect(used.status(), await used.text()).toBe(202);

    await page.reload();
    await expect(page.locator("body")).not.toContainText(secret);
    const key = page.getByTestId("account-key");
    await expect(key).toHaveCount(1);
    await expect(key).toHaveAttribute("data-status", "active");
    await expect(key).toContainText(secret.slice(0, 12));
    await expect(key).toContainText(/Used today\s*1/);
    // The key's generation is the user's too, and counts in the account's one meter.
    await expect(page.getByTestId("account-history-item")).toHaveCount(1);
    await expect(page.getByTestId("account-usage")).toHaveAttribute("aria-valuenow", "1");
    await expect(page.getByTestId("account-usage-session")).toHaveText("0");
    await expect(page.getByTestId("account-usage-key")).toContainText(secret.slice(0, 12));
    await expect(page.getByTestId("account-usage-key")).toContainText("1");

    await key.getByTestId("account-key-revoke").click();
    await page.getByRole("dialog").getByTestId("account-confirm-yes").click();
    await expect(key).toHaveAttribute("data-status", "revoked");
    await expect(page.getByTestId("account-keys-status")).toContainText("Revoked “ci”");
    const refused = await request.post("/api/v1/generations", {
      headers: { authorization: `Bearer ${secret}` },
      data: { prompt: uniquePrompt("robot with a teal visor") },
    });
    expect(refused.status()).toBe(401);
    expect((await refused.json()).error.code).toBe("key_revoked");

    // The generate page offers what the tier includes: every size, and a choice of model.
    await page.goto("/generate");
    await expect(page.getByTestId("generate-tier")).toContainText("Enterprise: 20,000 a day");
    await page.getByText("Advanced").click();
    await expect(page.locator('[data-testid="generate-size"] option[value="2048"]')).toBeEnabled();
    await expect(page.getByTestId("generate-size-hint")).toHaveCount(0);
    await expect(page.getByTestId("generate-model").locator("option")).toHaveText([
      "FLUX schnell (fast)",
      "FLUX dev (more detail, slower)",
    ]);
  });
});

test.describe("API keys share the account's quota", () => {
  test("a key made with a daily limit of its own stops there, while the account goes on", async ({
    page,
    request,
    baseURL,
  }) => {
    const email = `limited-${randomUUID().slice(0, 8)}@e2e.test`;
    await signIn(page, email);
    await setTier(email, "enterprise");
    await page.reload();
    await page.getByTestId("account-key-name").fill("small app");
    await page.getByTestId("account-key-daily-limit").fill("1");
    await page.getByTestId("account-key-create").click();
    const secret = await page.getByTestId("account-new-key-value").inputValue();
    await expect(page.getByTestId("account-key-limit")).toHaveText("1");

    const post = (headers: Record<string, string>) =>
      request.post("/api/v1/generations", {
        headers,
        data: { prompt: uniquePrompt("owl with a tiny hat"), width: 128, height: 128 },
      });
    expect((await post({ authorization: `Bearer ${secret}` })).status()).toBe(202);
    const refused = await post({ authorization: `Bearer ${secret}` });
    expect(refused.status()).toBe(429);
    expect((await refused.json()).error).toMatchObject({
      code: "quota_exceeded",
      details: { scope: "key", allowed: 1 },
    });
    // The signed-in session is the same account, with the rest of its quota.
    const session = await page.request.post("/api/v1/generations", {
      headers: { origin: baseURL! },
      data: { prompt: uniquePrompt("owl with a tiny hat"), width: 128, height: 128 },
    });
    expect(session.status(), await session.text()).toBe(202);

    await page.reload();
    await expect(page.getByTestId("account-usage")).toHaveAttribute("aria-valuenow", "2");
    await expect(page.getByTestId("account-usage-session")).toHaveText("1");
    await expect(page.getByTestId("account-usage-key")).toContainText("1 of 1");
  });
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the account page fits the screen", async ({ page }, testInfo) => {
    const email = `phone-${randomUUID().slice(0, 8)}@e2e.test`;
    await signIn(page, email, "/generate");
    await generate(page, uniquePrompt("surfer with a yellow cap"));
    await setTier(email, "enterprise");
    await page.goto("/account");
    await page.getByTestId("account-key-name").fill("phone");
    await page.getByTestId("account-key-create").click();
    await expect(page.getByTestId("account-new-key")).toBeVisible();
    await expect(page.getByTestId("account-history-item")).toHaveCount(1);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    for (const id of ["account-plan", "account-history-item", "account-key", "account-new-key"]) {
      const box = await page.getByTestId(id).first().boundingBox();
      expect(box!.x + box!.width, id).toBeLessThanOrEqual(390);
    }
    await page.screenshot({ path: testInfo.outputPath("account-phone.png"), fullPage: true });
  });
});

test.describe("webhook signing secret", () => {
  test("an enterprise user rotates a key's secret from the account page and sees the new one once", async ({
    page,
  }) => {
    const email = `rotate-${randomUUID().slice(0, 8)}@e2e.test`;
    await signIn(page, email);
    await setTier(email, "enterprise");
    await page.reload();
    await page.getByTestId("account-key-name").fill("hooks");
    await page.getByTestId("account-key-create").click();
    const first = await page.getByTestId("account-new-key-webhook-secret").inputValue();
    expect(first).toMatch(/^whsec_/);

    await page.getByTestId("account-key").getByTestId("account-key-rotate-secret").click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("24 hours");
    await dialog.getByTestId("account-confirm-yes").click();
    const shown = page.getByTestId("account-new-webhook-secret");
    await expect(shown).toContainText("you won’t see it again");
    const rotated = await page.getByTestId("account-new-webhook-secret-value").inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(first);
    await page.reload();
    await expect(page.locator("body")).not.toContainText(rotated);
  });
});
