// The spent-budget fallback as a person sees it, on the instance whose providers are the simulator:
// with the service's monthly budget at $0, an anonymous visitor's avatar is made by the built-in
// generator, the page says why, and no provider is called. (The whole budget drill, alerts and hard
// cap included, is tests/integration/budget.int.test.ts.)
import { admin } from "./admin-cli";
import { expect, test } from "./fixtures";
import { CLOUD } from "../playwright.config";

/**
 * Sets the service's budget as ops would. The two e2e instances share the database but not Redis,
 * where each reads the budgets' version: the change is announced to both, so neither keeps a stale
 * budget in its cache (the main instance's tests must not meet a $0 budget).
 */
async function budgetSet(...args: string[]): Promise<void> {
  await admin("budget:set", ...args, { env: { REDIS_URL: CLOUD.redisUrl } });
  await admin("budget:set", ...args);
}

test.describe("past the service's budget", () => {
  // Four admin CLI runs (a process each) besides the generation.
  test.describe.configure({ timeout: 60_000 });
  test.afterEach(async () => {
    await budgetSet("--usd", "500", "--hard-cap", "none");
  });

  test("a visitor's avatar is made by the built-in generator, and the page says why", async ({
    page,
    simulator,
  }) => {
    await budgetSet("--usd", "0", "--hard-cap", "1000");
    const prompt = `budget fallback lighthouse keeper ${Date.now()}`;
    await page.goto("/generate");
    await page.getByTestId("generate-prompt").fill(prompt);
    await page.locator('[data-testid="generate-style"][data-style="avataaars"]').click();
    await page.getByTestId("generate-submit").click();

    const result = page.getByTestId("generate-result");
    await expect(result).toBeVisible({ timeout: 20_000 });
    await expect(result).toHaveAttribute("data-provider", "local");
    await expect(result).toHaveAttribute("data-fallback", "local");
    await expect(result.getByTestId("generate-fallback")).toContainText("budget is used up");
    await expect(result.getByRole("img", { name: prompt })).toBeVisible();
    await result.evaluate((el) => el.scrollIntoView({ block: "center", behavior: "instant" }));
    await page.screenshot({ path: "test-results/budget-fallback.png" });

    const counts = await simulator.counts();
    expect(counts.fal.submits + counts.replicate.submits, "no provider was paid").toBe(0);
  });
});
