import { expect, test } from "./fixtures";

// Local sign-in (no Supabase project; the test server sets LOCAL_AUTH=enabled, since it runs with
// NODE_ENV=production): the link is shown on the page instead of being emailed.
test.describe("local sign-in", () => {
  test("signs in through the on-screen link, shows the account in the header, and signs out", async ({
    page,
  }) => {
    const email = `e2e-${Date.now()}@example.com`;
    await page.goto("/generate");
    await page.getByTestId("signin-nav").click();
    await expect(page).toHaveURL(/\/signin\?next=%2Fgenerate$/);

    await page.getByTestId("signin-email").fill("not an email");
    await page.getByTestId("signin-submit").click();
    await expect(page.getByTestId("signin-email-error")).toBeVisible();

    await page.getByTestId("signin-email").fill(email.toUpperCase());
    await page.getByTestId("signin-submit").click();
    const sent = page.getByTestId("signin-sent");
    await expect(sent).toContainText("Open this link to sign in");
    await expect(sent).toContainText(email);
    const link = await page.getByTestId("signin-link").getAttribute("href");
    expect(link).toMatch(/\/auth\/confirm\?token=[\w-]{43}$/);

    await page.getByTestId("signin-open-link").click();
    await expect(page).toHaveURL(/\/generate$/);
    await expect(page.getByTestId("user-email")).toHaveText(email);
    await expect(page.getByTestId("user-menu").getByTestId("tier-badge")).toHaveText("Free");
    await expect(page.getByTestId("signin-nav")).toHaveCount(0);
    const session = (await page.context().cookies()).find((c) => c.name === "lk_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });

    // The link worked once: opened again, it leads back to the form with the reason.
    await page.goto(link!);
    await expect(page).toHaveURL(/\/signin\?error=link_invalid$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You’re signed in");

    await page.getByTestId("user-menu").getByTestId("signout").click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId("signin-nav")).toBeVisible();
    await expect(page.getByTestId("user-menu")).toHaveCount(0);
    expect((await page.context().cookies()).some((c) => c.name === "lk_session")).toBe(false);
  });

  test("a link that is not valid says so on the sign-in page", async ({ page }) => {
    await page.goto(`/auth/confirm?token=${"x".repeat(43)}`);
    await expect(page).toHaveURL(/\/signin\?error=link_invalid$/);
    await expect(page.getByTestId("signin-link-error")).toContainText(/invalid, has expired/);
    await expect(page.getByTestId("signin-email")).toBeVisible();
  });
});
