import type { APIResponse } from "@playwright/test";
import { expect, test } from "./fixtures";

// The Pollinations-style URL API with only the host changed: image bytes from GET /prompt/{prompt},
// the JSON model list, and the feed as SSE (curl, EventSource) and as a page (browsers).

/** Unique per run: the generation cache (shared Postgres) must never answer from an earlier one. */
const run = Date.now().toString(36);
const prompt = (text: string) => `${text} ${run}`;
const path = (text: string, query = "") =>
  `/prompt/${encodeURIComponent(prompt(text))}${query ? `?${query}` : ""}`;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString()).toBe("PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

interface FeedEvent {
  id: string;
  prompt: string;
  model: string;
  seed: number;
  width: number;
  height: number;
  imageURL: string;
}

/** Reads a feed stream's `generation` events until `until` says stop (or 15 s pass). */
async function readFeed(
  url: string,
  headers: Record<string, string>,
  until: (events: FeedEvent[]) => boolean,
  onOpen?: () => Promise<unknown>,
): Promise<{ events: FeedEvent[]; contentType: string | null; raw: string }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 15_000);
  const response = await fetch(url, { headers, signal: abort.signal });
  const events: FeedEvent[] = [];
  let raw = "";
  let buffer = "";
  const decoder = new TextDecoder();
  const reader = response.body!.getReader();
  let opened = false;
  try {
    while (!until(events)) {
      const chunk = await reader.read();
      if (chunk.done) break;
      const text = decoder.decode(chunk.value, { stream: true });
      raw += text;
      buffer += text;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (/^event: generation$/m.test(block) && data) events.push(JSON.parse(data) as FeedEvent);
        if (!opened && /^: connected$/m.test(block)) {
          opened = true;
          // Replay is read after this: give it a moment, then make the live one.
          if (onOpen) void new Promise((r) => setTimeout(r, 300)).then(onOpen);
        }
      }
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return { events, contentType: response.headers.get("content-type"), raw };
}

test.describe("Pollinations-style URLs", () => {
  test("curl -o: PNG bytes of the requested size, MISS then HIT with the same ETag, 304 on If-None-Match", async ({
    request,
  }) => {
    // 1000×333 is off our 8 px grid: rounded to 1000×336, not refused.
    const url = path("A beautiful sunset over the ocean", "width=1000&height=333&model=flux");
    const first = await request.get(url);
    expect(first.status(), await first.text()).toBe(200);
    const headers = first.headers();
    expect(headers["content-type"]).toBe("image/png");
    expect(headers["x-cache"]).toBe("MISS");
    expect(headers["cache-control"]).toMatch(/^public, max-age=\d+/);
    expect(headers["access-control-allow-origin"]).toBe("*");
    expect(headers["etag"]).toMatch(/^"[0-9a-f]{64}"$/);
    expect(headers["x-seed"]).toBe("42");
    const bytes = await first.body();
    expect(pngSize(bytes)).toEqual({ width: 1000, height: 336 });

    const again = await request.get(url);
    expect(again.headers()["x-cache"]).toBe("HIT");
    expect(again.headers()["etag"]).toBe(headers["etag"]);
    expect((await again.body()).equals(bytes)).toBe(true);
    // A hit needs no anonymous cookie, so shared caches may keep it.
    expect(again.headers()["set-cookie"]).toBeUndefined();

    const notModified = await request.get(url, {
      headers: { "If-None-Match": headers["etag"]! },
    });
    expect(notModified.status()).toBe(304);
    expect((await notModified.body()).byteLength).toBe(0);
  });

  test("the docs' examples: +, %20 and a bare / in the prompt, and the 1280×720 example", async ({
    request,
  }) => {
    const text = prompt("a red fox");
    const plus = await request.get(`/prompt/${text.replace(/ /g, "+")}`);
    expect(plus.status()).toBe(200);
    const encoded = await request.get(`/prompt/${text.replace(/ /g, "%20")}`);
    // The same prompt either way: one image, now from the cache.
    expect(encoded.headers()["x-cache"]).toBe("HIT");
    expect(encoded.headers()["etag"]).toBe(plus.headers()["etag"]);
    const slash = await request.get(`/prompt/${encodeURIComponent(prompt("cat"))}/dog`);
    expect(slash.status()).toBe(200);
    const docs = await request.get(path("sunset", "width=1280&height=720&seed=42&model=flux"));
    expect(pngSize(await docs.body())).toEqual({ width: 1280, height: 720 });
  });

  test("an <img src> of a /prompt URL loads in the browser", async ({ page, baseURL }) => {
    // A visitor of the site, with the cookie its pages' first API call mints: cookieless misses are
    // its address's, and every e2e client shares 127.0.0.1.
    await page.goto("/api/v1/me/limits");
    const src = `${baseURL}${path("smiling robot", "width=256&height=256&nologo=true&style=bottts")}`;
    const naturalWidth = await page.evaluate(
      (url) =>
        new Promise<number>((resolve, reject) => {
          const img = document.createElement("img");
          img.onload = () => resolve(img.naturalWidth);
          img.onerror = () => reject(new Error("the image did not load"));
          img.src = url;
          document.body.append(img);
        }),
      src,
    );
    expect(naturalWidth).toBe(256);
  });

  test("enhance=true generates the style's expanded prompt and says which", async ({ request }) => {
    const plain = await request.get(path("a lighthouse", "style=pixel-art&width=256&height=256"));
    const enhanced = await request.get(
      path("a lighthouse", "style=pixel-art&width=256&height=256&enhance=true"),
    );
    expect(enhanced.status()).toBe(200);
    const used = decodeURIComponent(enhanced.headers()["x-enhanced-prompt"] ?? "");
    expect(used.startsWith(`${prompt("a lighthouse")}, pixel-art avatar`)).toBe(true);
    expect(plain.headers()["x-enhanced-prompt"]).toBeUndefined();
    // The expanded prompt is another request: its own generation and cache entry. (The local
    // generator draws from style and seed, so its bytes, and ETag, may well be the same.)
    expect(enhanced.headers()["x-cache"]).toBe("MISS");
    expect(enhanced.headers()["x-generation-id"]).not.toBe(plain.headers()["x-generation-id"]);
  });

  const bad: [string, string, number, string][] = [
    ["an unknown model", path("x", "model=turbo"), 422, "invalid_parameters"],
    ["a width below 64", path("x", "width=10"), 422, "invalid_parameters"],
    ["a height above 2048", path("x", "height=4096"), 422, "invalid_parameters"],
    ["a seed that is not a number", path("x", "seed=abc"), 422, "invalid_parameters"],
    ["an empty prompt", "/prompt/%20", 422, "invalid_parameters"],
    [
      "a flux-dev request from an anonymous visitor",
      path("x", "model=flux-dev"),
      403,
      "model_not_allowed",
    ],
    ["an invalid token", path("x", "token=lk_live_nope"), 401, "key_invalid"],
  ];
  for (const [what, url, status, code] of bad) {
    test(`refuses ${what} with a JSON ${status}`, async ({ request }) => {
      const response = await request.get(url);
      expect(response.status()).toBe(status);
      expect(response.headers()["content-type"]).toContain("application/json");
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    });
  }

  test("the anonymous daily quota ends in a 429 with Retry-After, never a placeholder image", async ({
    request,
  }) => {
    for (let i = 0; i < 3; i++) {
      expect((await request.get(path(`quota ${i}`, "width=128&height=128"))).status()).toBe(200);
    }
    const refused = await request.get(path("quota 3", "width=128&height=128"));
    expect(refused.status()).toBe(429);
    expect(refused.headers()["content-type"]).toContain("application/json");
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      "quota_exceeded",
    );
    // Cache hits stay free once the quota is spent.
    expect((await request.get(path("quota 0", "width=128&height=128"))).headers()["x-cache"]).toBe(
      "HIT",
    );
  });

  test("GET /models is a JSON list including flux", async ({ request }) => {
    const response = await request.get("/models");
    expect(response.status()).toBe(200);
    const models = (await response.json()) as unknown;
    expect(models).toEqual(expect.arrayContaining(["flux", "flux-schnell", "flux-dev"]));
  });
});

test.describe("the feed", () => {
  test("/feed as SSE replays public generations, never private ones, and streams new ones live", async ({
    request,
    baseURL,
  }) => {
    const shared = await request.get(path("feed public", "width=128&height=128"));
    const secret = await request.get(path("feed private", "width=128&height=128&private=true"));
    expect(secret.headers()["cache-control"]).toMatch(/^private/);
    const sharedId = shared.headers()["x-generation-id"];
    const secretId = secret.headers()["x-generation-id"];
    let live: Promise<APIResponse> | undefined;

    const { events, contentType, raw } = await readFeed(
      `${baseURL}/feed`,
      // curl's and EventSource's Accept headers both get the stream.
      { Accept: "text/event-stream" },
      // By prompt: the event can arrive before the request that made it has returned.
      (seen) => seen.some((e) => e.prompt === prompt("feed live")),
      async () => (live = request.get(path("feed live", "width=128&height=128"))),
    );
    // The event may arrive before the request that made it has returned.
    const liveId = (await live!).headers()["x-generation-id"];
    expect(contentType).toContain("text/event-stream");
    expect(raw).toMatch(/^retry: \d+/);
    const ids = events.map((e) => e.id);
    expect(ids).toContain(sharedId);
    expect(ids).not.toContain(secretId);
    expect(events.some((e) => e.prompt.includes("feed private"))).toBe(false);
    expect(ids.indexOf(sharedId!)).toBeLessThan(ids.indexOf(liveId!));
    const item = events.find((e) => e.id === liveId)!;
    expect(item).toMatchObject({
      prompt: prompt("feed live"),
      model: "flux-schnell",
      seed: 42,
      width: 128,
      height: 128,
    });
    const image = await request.get(item.imageURL);
    expect(image.headers()["content-type"]).toBe("image/png");
  });

  test("/feed with curl's default Accept is the stream too", async ({ baseURL }) => {
    const { contentType } = await readFeed(`${baseURL}/feed`, { Accept: "*/*" }, () => true);
    expect(contentType).toContain("text/event-stream");
  });

  test("the /feed page shows a new public generation live, and never a private one", async ({
    page,
    request,
  }) => {
    await page.goto("/feed");
    await expect(page.getByRole("heading", { name: "Live feed" })).toBeVisible();
    await expect(page.getByTestId("feed-status")).toHaveAttribute("data-status", "live");
    await request.get(path("page private", "width=128&height=128&private=true"));
    const live = await request.get(path("page live", "width=256&height=256&style=micah"));
    const card = page.locator(
      `[data-testid="feed-item"][data-id="${live.headers()["x-generation-id"]}"]`,
    );
    await expect(card).toBeVisible();
    await expect(card).toContainText(prompt("page live"));
    await expect(card).toContainText("256×256");
    // Newest first.
    await expect(page.getByTestId("feed-item").first()).toHaveAttribute(
      "data-id",
      live.headers()["x-generation-id"]!,
    );
    await expect(page.getByText(prompt("page private"))).toHaveCount(0);
    await expect
      .poll(() => card.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);
    await page.screenshot({ path: "test-results/feed-desktop.png" });
    await page.setViewportSize({ width: 412, height: 915 });
    await page.screenshot({ path: "test-results/feed-phone.png" });
  });

  test("the site nav links to the feed page", async ({ page }) => {
    await page.goto("/");
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Feed" })
      .click();
    await expect(page).toHaveURL(/\/feed$/);
    await expect(page.getByRole("heading", { name: "Live feed" })).toBeVisible();
  });
});
