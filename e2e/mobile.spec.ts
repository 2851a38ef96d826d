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
