import { ListObjectsCommand } from "@aws-sdk/client-s3";
import type { Locator, Page } from "@playwright/test";
import pg from "pg";
import { parseEnv } from "../lib/env";
import type { GenerationView } from "../lib/generations/present";
import { openQueue } from "../lib/queue/queues";
import { createS3Client } from "../lib/storage/client";
import { CLOUD } from "../playwright.config";
import { keyUsage, userWithKey } from "./admin-cli";
import { expect, test } from "./fixtures";

// The "cloud" project: an app and a worker with Fal and Replicate keys, both pointed at the provider
// simulator, with GENERATION_JOB_ATTEMPTS=2 (playwright.config.ts), driven through the real /generate
// page. Each test states its faults through the simulator's admin API; the `simulator` fixture
// resets faults and counts before the test and faults again after it.
//
// Failures are "down" as the providers report it: a 503 on submit. @fal-ai/client retries a 503 (and
// 502, 504) three times by itself, about 1 + 2 + 4 s, cut short by the call's 6 s deadline
// (lib/catalog/deadlines.ts) before our chain moves on; Replicate's client retries no failed POST.
// The worker's circuit breakers (lib/providers/guards.ts) live as long as its process (one per run)
// and open after three failed calls, for 5 s: the first test, the first to fail Fal, counts on
// Fal's being closed; the later ones may find Fal (and Replicate) skipped without a call, and assert
// nothing that depends on it.

/** Unique per run: the generation cache (shared Postgres) must never answer from an earlier one. */
function uniquePrompt(text: string): string {
  return `${text} ${Date.now().toString(36)}`;
}

const testEnv = parseEnv({ ...process.env, LIKENESS_PROFILE: "test" });
const storage = testEnv.storage;
const s3 = createS3Client(storage);

/** Requests for a generation charged against a quota, and how many of those were given back. */
async function charges(generationId: string): Promise<{ charged: number; refunded: number }> {
  const client = new pg.Client({ connectionString: testEnv.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ charged: number; refunded: number }>(
      `select count(*)::int as charged, count(refunded_at)::int as refunded
       from public.generation_requests where generation_id = $1 and charged_day is not null`,
      [generationId],
    );
    return rows[0] ?? { charged: 0, refunded: 0 };
  } finally {
    await client.end();
  }
}

/** Every key in the bucket (ListObjects V1 with Marker: see listObjects in lib/storage). */
async function storageKeys(): Promise<Set<string>> {
  const keys = new Set<string>();
  let marker: string | undefined;
  do {
    const page = await s3.send(new ListObjectsCommand({ Bucket: storage.bucket, Marker: marker }));
    const found = (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
    found.forEach((k) => keys.add(k));
    marker = page.IsTruncated ? found.at(-1) : undefined;
  } while (marker !== undefined);
  return keys;
}

/**
 * The bucket's keys once nothing writes to it any more (two listings a second apart agree), so work
 * left over from an earlier test (WebP variants, say) cannot pass for this test's writes.
 */
async function settledStorageKeys(): Promise<Set<string>> {
  let previous = await storageKeys();
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const current = await storageKeys();
    if (current.size === previous.size && [...current].every((k) => previous.has(k)))
      return current;
    previous = current;
  }
  throw new Error("storage kept changing for 10 s; cannot tell this test's writes apart");
}

async function submit(page: Page, prompt: string): Promise<number> {
  await page.goto("/generate");
  await page.getByTestId("generate-prompt").fill(prompt);
  await page.locator('[data-testid="generate-style"][data-style="avataaars"]').click();
  const started = Date.now();
  await page.getByTestId("generate-submit").click();
  return started;
}

/** A screenshot with the panel at the top, clear of the sticky header that would cover its title. */
async function screenshotOf(page: Page, panel: Locator, name: string): Promise<void> {
  await panel.evaluate((el) => {
    el.scrollIntoView({ block: "start", behavior: "instant" });
    window.scrollBy({ top: -72, behavior: "instant" });
  });
  await page.screenshot({ path: `test-results/${name}.png` });
}

function noteDuration(type: string, since: number): void {
  test.info().annotations.push({ type, description: `${Date.now() - since} ms` });
}

test.describe("when image providers are down", () => {
  test("Fal answers 503: Replicate makes the avatar, and the page says so", async ({
    page,
    request,
    simulator,
  }) => {
    await simulator.setFaults("fal", { submitStatus: 503 });
    const prompt = uniquePrompt("lighthouse keeper with a red beard in a yellow raincoat");
    const started = await submit(page, prompt);
    // This instance has provider keys: no "made by the built-in local generator" note.
    await expect(page.getByTestId("generate-local-note")).toHaveCount(0);

    const result = page.getByTestId("generate-result");
    await expect(result).toBeVisible({ timeout: 20_000 });
    noteDuration("time to result", started);
    await expect(result).toHaveAttribute("data-provider", "replicate");
    await expect(result.getByText("Made by Replicate", { exact: true })).toBeVisible();
    await expect(result.getByRole("img", { name: prompt })).toBeVisible();
    await screenshotOf(page, result, "provider-faults-fal-down");

    const id = await result.getAttribute("data-generation-id");
    const view = (await (await request.get(`/api/v1/generations/${id}`)).json()) as GenerationView;
    expect(view).toMatchObject({ status: "succeeded", provider: "replicate", error: null });
    expect(view.images?.png).toBeTruthy();

    // Fal was asked first and made nothing (its submit and the client's own retries of it: 4 with
    // @fal-ai/client 1.10); Replicate made the image.
    const counts = await simulator.counts();
    test.info().annotations.push({ type: "fal submits", description: String(counts.fal.submits) });
    expect(counts.fal.submits, "Fal was asked (its circuit was closed)").toBeGreaterThanOrEqual(1);
    expect(counts.fal.results).toBe(0);
    expect(counts.replicate.submits).toBe(1);
    expect(counts.replicate.results).toBeGreaterThanOrEqual(1);
  });

  test("both down: while the job waits to try again, the page says the last try failed", async ({
    page,
    simulator,
  }) => {
    // Runs before the "both down" test: that one leaves both circuits open, and with every circuit
    // open a job waits for a probe (AllProvidersDownError) rather than fail a try.
    // A 500 is not retried by @fal-ai/client, so both tries are quick and this test stays short.
    await simulator.setFaults("fal", { submitStatus: 500 });
    await simulator.setFaults("replicate", { submitStatus: 503 });
    // Records every stage text the progress panel shows, however briefly.
    await page.addInitScript(() => {
      const seen = new Set<string>();
      Object.assign(window, { stagesSeen: seen });
      new MutationObserver(() => {
        const stage = document.querySelector('[data-testid="generate-stage"]');
        if (stage?.textContent) seen.add(stage.textContent);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    // The first try can fail within milliseconds (an open circuit skips a provider without a
    // call): held in the queue until the page follows the job, so a failure the events stream
    // reports live cannot be missed for being too early.
    const { queue, close } = openQueue("generations", CLOUD.redisUrl);
    await queue.pause();
    try {
      await page.goto("/generate");
      await page.getByTestId("generate-prompt").fill(uniquePrompt("tired courier with parcels"));
      await page.locator('[data-testid="generate-style"][data-style="avataaars"]').click();
      const following = page.waitForResponse((r) => /\/events$/.test(new URL(r.url()).pathname));
      await page.getByTestId("generate-submit").click();
      await following;
      await expect(page.getByTestId("generate-running")).toBeVisible();
      await page.waitForTimeout(500); // the server's QueueEvents reader, if this stream started it
    } finally {
      await queue.resume();
      await close();
    }

    await expect(page.getByTestId("generate-error")).toBeVisible({ timeout: 20_000 });
    const stages = await page.evaluate(() =>
      [...(window as unknown as { stagesSeen: Set<string> }).stagesSeen].join(" | "),
    );
    test.info().annotations.push({ type: "stages shown", description: stages });
    expect(stages).toContain("That attempt failed — trying again…");
  });
  test("both down: a clear failure, the generation failed, and no image stored", async ({
    page,
    request,
    simulator,
  }) => {
    // Two tries (GENERATION_JOB_ATTEMPTS=2), each with @fal-ai/client's 503 retries cut at the call's
    // 6 s deadline, and 1-2 s of backoff between them: up to ~16 s to the final failure, plus two
    // settled storage listings (2+ s each): too close to the 30 s default.
    test.setTimeout(60_000);
    await simulator.setFaults("fal", { submitStatus: 503 });
    await simulator.setFaults("replicate", { submitStatus: 503 });
    const before = await settledStorageKeys();
    const prompt = uniquePrompt("astronaut gardener tending tomatoes on the moon");
    const started = await submit(page, prompt);

    const running = page.getByTestId("generate-running");
    await expect(running).toBeVisible();
    // The first try is over once Replicate has been asked (Fal goes first): what is on screen
    // while the job waits for its second try.
    await expect
      .poll(async () => (await simulator.counts()).replicate.submits, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    if (await running.isVisible()) {
      await screenshotOf(page, running, "provider-faults-all-down-retrying");
    }

    const failure = page.getByTestId("generate-error");
    await expect(failure).toBeVisible({ timeout: 20_000 });
    noteDuration("time to failure", started);
    const alert = failure.getByRole("alert");
    await expect(alert).toContainText("We couldn’t make this avatar");
    await expect(alert).toContainText("no avatar was made and nothing was saved");
    await expect(alert).toContainText(prompt);
    await expect(page.getByTestId("generate-result")).toHaveCount(0);
    // Something to take instead: gallery avatars of the same style.
    await expect(failure.getByTestId("generate-similar").getByRole("link").first()).toBeVisible();
    await screenshotOf(page, failure, "provider-faults-all-down");

    const id = await failure.getAttribute("data-generation-id");
    const response = await request.get(`/api/v1/generations/${id}`);
    expect(response.status()).toBe(200);
    expect((await response.json()) as GenerationView).toMatchObject({
      status: "failed",
      prompt,
      provider: null,
      images: null,
      error: { code: "providers_unavailable" },
    });

    // Nothing charged in the end: the visitor's request was charged against the anonymous quota
    // when it was admitted, and that charge was given back with the failure.
    expect(await charges(id!)).toEqual({ charged: 1, refunded: 1 });

    const counts = await simulator.counts();
    expect(counts.fal.results).toBe(0);
    expect(counts.replicate.results).toBe(0);
    const after = await settledStorageKeys();
    expect([...after].filter((key) => !before.has(key))).toEqual([]);
  });

  test("a free user's charge for a generation the providers failed comes back in their usage", async ({
    request,
    simulator,
  }) => {
    test.setTimeout(60_000);
    await simulator.setFaults("fal", { submitStatus: 503 });
    await simulator.setFaults("replicate", { submitStatus: 503 });
    const email = `refund-${Date.now().toString(36)}@e2e.test`;
    const key = await userWithKey(email, "free");
    const headers = { authorization: `Bearer ${key.key}` };
    const response = await request.post("/api/v1/generations", {
      headers,
      data: { prompt: uniquePrompt("lighthouse keeper with a red scarf"), width: 256, height: 256 },
    });
    expect(response.status(), await response.text()).toBe(202);
    expect(response.headers()["x-ratelimit-limit"]).toBeDefined();
    const { id } = (await response.json()) as GenerationView;
    // Charged while it is in flight (unless it already failed and was refunded).
    expect(await keyUsage(email, key)).toBeLessThanOrEqual(1);

    await expect
      .poll(
        async () =>
          // The key's own: what an API key makes is private, readable with that key.
          (
            (await (
              await request.get(`/api/v1/generations/${id}`, { headers })
            ).json()) as GenerationView
          ).status,
        { timeout: 40_000 },
      )
      .toBe("failed");
    expect(await keyUsage(email, key)).toBe(0);
    expect(await charges(id)).toEqual({ charged: 1, refunded: 1 });
  });
});
