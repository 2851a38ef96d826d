import sharp from "sharp";
import { expect, test } from "./fixtures";
import { E2E_GALLERY_SIZE } from "./global-setup";

test.describe("gallery", () => {
  test("browses every avatar with infinite scroll and no layout shift", async ({ page }) => {
    await page.goto("/gallery");
    const cards = page.getByTestId("avatar-card");
    await expect(cards.first()).toBeVisible();
    const firstPage = await cards.count();
    expect(firstPage).toBeLessThan(E2E_GALLERY_SIZE);

    // Every image reserves its box before it loads.
    for (const img of await page.getByTestId("gallery-grid").locator("img").all()) {
      expect(await img.getAttribute("width")).toBeTruthy();
      expect(await img.getAttribute("height")).toBeTruthy();
    }

    await page.getByTestId("gallery-sentinel").scrollIntoViewIfNeeded();
    await expect(cards).toHaveCount(E2E_GALLERY_SIZE);
    const ids = await cards.evaluateAll((els) => els.map((e) => e.getAttribute("data-id")));
    expect(new Set(ids).size).toBe(E2E_GALLERY_SIZE);
  });

  test("filters by style with a chip", async ({ page, galleryApi }) => {
    await page.goto("/gallery");
    await page.locator('[data-testid="style-chip"][data-style="bottts"]').click();
    await expect(page).toHaveURL(/style=bottts/);
    await expect(page.locator('[data-testid="style-chip"][data-style="bottts"]')).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    const expected = await galleryApi({ style: "bottts" });
    const cards = page.getByTestId("avatar-card");
    await expect(cards).toHaveCount(expected.data.length);
    expect(expected.data.length).toBe(E2E_GALLERY_SIZE / 12);
    const styles = await cards.evaluateAll((els) => els.map((e) => e.getAttribute("data-style")));
    expect(new Set(styles)).toEqual(new Set(["bottts"]));
  });

  test("searches prompts and tags, and shows an empty state", async ({ page, galleryApi }) => {
    await page.goto("/gallery");
    const search = page.getByRole("searchbox", { name: "Search avatars" });
    await search.fill("glasses");
    await expect(page).toHaveURL(/q=glasses/);
    const expected = await galleryApi({ q: "glasses" });
    expect(expected.data.length).toBeGreaterThan(0);
    expect(expected.data.length).toBeLessThan(E2E_GALLERY_SIZE);
    const cards = page.getByTestId("avatar-card");
    await expect(cards).toHaveCount(expected.data.length);
    const ids = await cards.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-id"))));
    expect(ids).toEqual(expected.data.map((a) => a.id));

    await search.fill("zebra unicorn submarine");
    await expect(page.getByTestId("gallery-empty")).toBeVisible();
    await expect(cards).toHaveCount(0);
  });

  test("opens the detail view and downloads at a chosen size and format", async ({ page }) => {
    await page.goto("/gallery");
    const card = page.getByTestId("avatar-card").first();
    const id = await card.getAttribute("data-id");
    await card.click();
    const detail = page.getByTestId("avatar-detail");
    await expect(detail).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/gallery/${id}$`));
    await expect(detail.getByText(/licen[cs]e/i).first()).toBeVisible();
    await expect(detail.getByTestId("download-link")).toHaveCount(8);

    for (const [size, format] of [
      ["256", "png"],
      ["128", "webp"],
      ["1024", "png"],
    ] as const) {
      const link = detail.locator(
        `[data-testid="download-link"][data-size="${size}"][data-format="${format}"]`,
      );
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`\\.${format}$`));
      const meta = await sharp(await download.path()).metadata();
      expect(meta.format).toBe(format);
      expect([meta.width, meta.height]).toEqual([Number(size), Number(size)]);
    }

    await page.keyboard.press("Escape");
    await expect(detail).toBeHidden();
    await expect(page).toHaveURL(/\/gallery$/);
  });

  test("the detail page works on its own URL", async ({ page, galleryApi }) => {
    const [avatar] = (await galleryApi({ limit: "1" })).data;
    await page.goto(`/gallery/${avatar!.id}`);
    await expect(page.getByTestId("avatar-detail")).toBeVisible();
    await expect(page.getByText(avatar!.prompt).first()).toBeVisible();
  });

  test("a missing avatar is a friendly 404", async ({ page }) => {
    const response = await page.goto("/gallery/999999");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("link", { name: /gallery/i }).first()).toBeVisible();
  });

  test("the home page shows a strip of gallery avatars", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const strip = page.locator('a[href^="/gallery/"] img');
    await expect(strip.first()).toBeVisible();
    expect(await strip.count()).toBeGreaterThanOrEqual(6);
  });
});
