import type { Page } from "@playwright/test";
import sharp from "sharp";
import type { LimitsView } from "../lib/account/types";
import { expect, test } from "./fixtures";

/** Today's generations charged to this browser's visitor, as the tier line reads them. */
async function usedToday(page: Page): Promise<number> {
  const response = await page.request.get("/api/v1/me/limits");
  expect(response.status()).toBe(200);
  return ((await response.json()) as LimitsView).usage.used;
}

test.describe("generate page", () => {
  test("generates an avatar, downloads it, makes a variation, and remembers it", async ({
    page,
  }) => {
    await page.goto("/generate");
    await expect(page.getByTestId("generate-local-note")).toBeVisible();
    await page
      .getByTestId("generate-prompt")
      .fill("cheerful pilot with pink hair and sunglasses on a lavender background");
    await page.locator('[data-testid="generate-style"][data-style="avataaars"]').click();
    await page.getByTestId("generate-submit").click();

    const result = page.getByTestId("generate-result");
    await expect(result).toBeVisible({ timeout: 20_000 });
    await expect(result).toHaveAttribute("data-provider", "local");
    await expect(result).toContainText(/local generator/i);
    const firstId = await result.getAttribute("data-generation-id");

    const link = result.locator(
      '[data-testid="download-link"][data-size="256"][data-format="webp"]',
    );
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const meta = await sharp(await download.path()).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 256, 256]);

    await page.getByTestId("generate-variation").click();
    await expect(result).not.toHaveAttribute("data-generation-id", firstId!, { timeout: 20_000 });
    await expect(result).toHaveAttribute("data-provider", "local");

    await page.reload();
    await expect(
      page.getByTestId("generate-recent").getByTestId("generate-recent-item"),
    ).toHaveCount(2);
  });

  test("says what is wrong with the input, without sending it", async ({ page }) => {
    await page.goto("/generate");
    await page.getByTestId("generate-prompt").fill("a fox");
    await page.getByText("Advanced").click();
    await page.getByTestId("generate-seed").fill("1.5");
    await page.getByTestId("generate-submit").click();
    await expect(page.getByText("Seed must be an integer")).toBeVisible();
    await expect(page.getByTestId("generate-result")).toHaveCount(0);
  });

  test("offers matching gallery avatars while the prompt is typed, and opening one costs nothing", async ({
    page,
    galleryApi,
  }, testInfo) => {
    // The form's default style is adventurer: an adventurer avatar's own prompt must lead.
    const [avatar] = (await galleryApi({ style: "adventurer", limit: "1" })).data;
    const lookups: string[] = [];
    const generations: string[] = [];
    page.on("request", (request) => {
      const { pathname } = new URL(request.url());
      if (pathname === "/api/v1/gallery/similar") lookups.push(request.url());
      if (pathname.startsWith("/api/v1/generations")) generations.push(request.url());
    });
    await page.goto("/generate");
    const before = await usedToday(page);
    const prompt = page.getByTestId("generate-prompt");
    const suggestions = page.getByTestId("generate-suggestions");

    // Two characters say too little: no lookup, nothing on show.
    await prompt.pressSequentially(avatar!.prompt.slice(0, 2));
    await page.waitForTimeout(700);
    expect(lookups).toEqual([]);
    await expect(suggestions.getByRole("heading")).toHaveCount(0);

    // Typed at a person's pace, the lookup waits for a pause rather than running on every key.
    await prompt.pressSequentially(avatar!.prompt.slice(2), { delay: 40 });
    await expect(suggestions.getByRole("heading")).toHaveText(
      "Ready-made avatars that match — free, no generation needed",
    );
    const cards = suggestions
      .getByRole("list", { name: "Matching gallery avatars" })
      .getByRole("link");
    await expect(cards.first()).toHaveAttribute("data-id", String(avatar!.id));
    expect(await cards.count()).toBeLessThanOrEqual(6);
    expect(lookups.length).toBeGreaterThanOrEqual(1);
    expect(lookups.length).toBeLessThanOrEqual(3);
    expect(new URL(lookups.at(-1)!).searchParams.get("prompt")).toBe(avatar!.prompt);
    for (const img of await cards.locator("img").all()) {
      expect(await img.getAttribute("alt")).toBeTruthy();
    }
    await expect(suggestions).toHaveAttribute("aria-busy", "false");
    // The row grows into place (no jump): picture it once it has.
    await expect.poll(() => suggestions.evaluate((e) => e.getAnimations().length)).toBe(0);
    await page.screenshot({ path: testInfo.outputPath("generate-suggestions.png") });

    // From the keyboard: the card opens the gallery's own detail, with its downloads.
    await cards.first().focus();
    await page.keyboard.press("Enter");
    const detail = page.getByRole("dialog").getByTestId("avatar-detail");
    await expect(detail).toHaveAttribute("data-id", String(avatar!.id));
    await expect(page).toHaveURL(new RegExp(`/gallery/${avatar!.id}$`));
    const link = detail.locator(
      '[data-testid="download-link"][data-size="256"][data-format="png"]',
    );
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const meta = await sharp(await download.path()).metadata();
    expect([meta.format, meta.width]).toEqual(["png", 256]);
    await page.screenshot({ path: testInfo.outputPath("generate-suggestion-detail.png") });

    // Closing comes back to the form as it was, and nothing was generated or charged.
    await page.keyboard.press("Escape");
    await expect(detail).toBeHidden();
    await expect(page).toHaveURL(/\/generate$/);
    await expect(prompt).toHaveValue(avatar!.prompt);
    expect(generations).toEqual([]);
    await expect(page.getByTestId("generate-result")).toHaveCount(0);
    expect(await usedToday(page)).toBe(before);
  });

  test("shows nothing for a prompt that matches nothing", async ({ page }) => {
    await page.goto("/generate");
    const answered = page.waitForResponse((r) => r.url().includes("/api/v1/gallery/similar"));
    await page.getByTestId("generate-prompt").fill("zebra submarine quux");
    expect(((await (await answered).json()) as { data: unknown[] }).data).toEqual([]);
    const suggestions = page.getByTestId("generate-suggestions");
    await expect(suggestions).toHaveAttribute("aria-busy", "false");
    await expect(suggestions).toHaveAttribute("data-count", "0");
    // Not even an empty heading or a gap: the row takes no room at all.
    expect(await suggestions.evaluate((e) => e.getBoundingClientRect().height)).toBe(0);
    await expect(suggestions.getByRole("heading")).toHaveCount(0);
  });
});
