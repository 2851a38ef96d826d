import sharp from "sharp";
import { expect, test } from "./fixtures";

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
});
