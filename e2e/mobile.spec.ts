import { expect, test } from "./fixtures";

test("the gallery works on a phone", async ({ page }) => {
  await page.goto("/gallery");
  const cards = page.getByTestId("avatar-card");
  await expect(cards.first()).toBeVisible();

  // Two columns, and nothing wider than the screen.
  const boxes = await cards.evaluateAll((els) =>
    els.slice(0, 2).map((e) => e.getBoundingClientRect().top),
  );
  expect(boxes[0]).toBe(boxes[1]);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);

  await page.locator('[data-testid="style-chip"][data-style="pixel-art"]').click();
  await expect(page).toHaveURL(/style=pixel-art/);
  await cards.first().click();
  const detail = page.getByTestId("avatar-detail");
  await expect(detail).toBeVisible();
  const box = await detail.boundingBox();
  const viewport = page.viewportSize();
  expect(box!.width).toBeLessThanOrEqual(viewport!.width);
  await expect(detail.getByTestId("download-link").first()).toBeVisible();
});

test("the header fits a phone: every section and the sign-in button on screen", async ({
  page,
}) => {
  await page.goto("/feed");
  const viewport = page.viewportSize()!;
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const name of ["Gallery", "Generate", "Feed"]) {
    const box = await nav.getByRole("link", { name }).boundingBox();
    expect(box!.x + box!.width, name).toBeLessThanOrEqual(viewport.width);
  }
  // Home is the logo on a phone.
  await expect(nav.getByRole("link", { name: "Home" })).toBeHidden();
  const signIn = await page.getByRole("link", { name: "Sign in" }).boundingBox();
  expect(signIn!.x + signIn!.width).toBeLessThanOrEqual(viewport.width);
});

test("the gallery avatars suggested on /generate fit a phone and open their detail", async ({
  page,
}, testInfo) => {
  await page.goto("/generate");
  await page.getByTestId("generate-prompt").fill("smiling with glasses");
  const cards = page
    .getByTestId("generate-suggestions")
    .getByRole("list", { name: "Matching gallery avatars" })
    .getByRole("link");
  await expect(cards.first()).toBeVisible();
  const suggestions = page.getByTestId("generate-suggestions");
  await expect.poll(() => suggestions.evaluate((e) => e.getAnimations().length)).toBe(0);
  const viewport = page.viewportSize()!;
  // Three to a row, and nothing wider than the screen.
  const boxes = await cards.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()));
  expect(boxes.length).toBeGreaterThanOrEqual(3);
  expect(boxes[0]!.top).toBe(boxes[2]!.top);
  for (const box of boxes) expect(box.right).toBeLessThanOrEqual(viewport.width);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("generate-suggestions-phone.png") });

  await cards.first().click();
  const detail = page.getByTestId("avatar-detail");
  await expect(detail).toBeVisible();
  expect((await detail.boundingBox())!.width).toBeLessThanOrEqual(viewport.width);
  await expect(detail.getByTestId("download-link").first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("generate-suggestion-detail-phone.png") });
});
