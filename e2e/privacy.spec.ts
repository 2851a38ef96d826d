// Private generations (issue 10, items 4, 5 and 12c): who can read them, whose cache they are in,
// whether they reach the feed, and what their image URLs give away.
import { createHash, randomUUID } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

interface View {
  id: string;
  status: string;
  private: boolean;
  images: { png: string; webp: Record<string, string> } | null;
  events_url: string;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const unique = (words: string) => `${words} ${randomUUID().slice(0, 8)}`;

/** Polls a generation (with the headers that may read it) until it has ended. */
async function finished(
  request: APIRequestContext,
  id: string,
  headers: Record<string, string>,
): Promise<View> {
  let view: View | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/v1/generations/${id}`, { headers });
        view = (await response.json()) as View;
        return view.status;
      },
      { timeout: 30_000 },
    )
    .toBe("succeeded");
  return view!;
}

/** The feed's replay (the last 20 public generations) as raw text. */
async function feedReplay(baseURL: string): Promise<string> {
  const abort = new AbortController();
  const response = await fetch(`${baseURL}/feed`, {
    headers: { accept: "text/event-stream" },
    signal: abort.signal,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let raw = "";
  const deadline = Date.now() + 3_000;
  try {
    while (Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now())),
      ]);
      if (!chunk || chunk.done) break;
      raw += decoder.decode(chunk.value, { stream: true });
    }
  } finally {
    abort.abort();
  }
  return raw;
}

/** Local sign-in as `email` in a page; its context's request then carries the session. */
async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/signin?next=/account");
  await page.getByTestId("signin-email").fill(email);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("signin-open-link").click();
  await page.waitForURL((url) => url.pathname === "/account");
}

test.describe("private generations", () => {
  test("answer only their owner, are nobody else's cache hit, and their images are listed nowhere public", async ({
    apiKey,
    playwright,
    baseURL,
    browser,
  }) => {
    test.setTimeout(90_000);
    const alice = await apiKey();
    const bob = await apiKey();
    const api = await playwright.request.newContext({ baseURL });
    const params = { prompt: unique("secret fox"), seed: 3, width: 128, height: 128 };

    const made = await api.post("/api/v1/generations", {
      headers: bearer(alice.key),
      data: { ...params, private: true },
    });
    expect(made.status(), await made.text()).toBe(202);
    const secret = await finished(api, ((await made.json()) as View).id, bearer(alice.key));
    expect(secret.private).toBe(true);

    // The owner's key: the generation, never stored by a shared cache.
    const owner = await api.get(`/api/v1/generations/${secret.id}`, { headers: bearer(alice.key) });
    expect(owner.status()).toBe(200);
    expect(owner.headers()["cache-control"]).toBe("private, no-store");
    const ownerEvents = await api.get(secret.events_url, { headers: bearer(alice.key) });
    expect(ownerEvents.status()).toBe(200);
    expect(ownerEvents.headers()["cache-control"]).toBe("private, no-store");
    expect(await ownerEvents.text()).toContain(secret.id);

    // The owner's session (same account, no key) reads it too.
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signIn(page, alice.email);
      expect((await context.request.get(`/api/v1/generations/${secret.id}`)).status()).toBe(200);
    } finally {
      await context.close();
    }

    // Anyone else: exactly the 404 of an id that does not exist, headers included.
    const unknown = await api.get(`/api/v1/generations/${randomUUID()}`);
    for (const [path, headers] of [
      [`/api/v1/generations/${secret.id}`, {}],
      [`/api/v1/generations/${secret.id}`, bearer(bob.key)],
      [`/api/v1/generations/${secret.id}/events`, {}],
      [`/api/v1/generations/${secret.id}/events`, bearer(bob.key)],
    ] as const) {
      const response = await api.get(path, { headers });
      expect(response.status(), path).toBe(404);
      expect(response.headers()["cache-control"]).toBe(unknown.headers()["cache-control"]);
      expect(response.headers()["vary"]).toBe(unknown.headers()["vary"]);
      const body = await response.text();
      expect(body).not.toContain(secret.images!.png);
      expect((JSON.parse(body) as { error: { code: string } }).error.code).toBe("not_found");
    }

    // Bob and an anonymous visitor ask for the very same thing: their own generation, never a hit.
    await api.get("/api/v1/me/limits"); // the visitor's cookie, as a browser's first API call mints it
    for (const [who, headers] of [
      ["bob's key", bearer(bob.key)],
      // A browser's visitor sends its page's Origin (a cookie-authenticated POST must).
      ["a visitor", { origin: new URL(baseURL!).origin }],
    ] as const) {
      const theirs = await api.post("/api/v1/generations", { headers, data: params });
      expect(theirs.status(), who).toBe(202);
      expect(theirs.headers()["x-cache"], who).toBe("MISS");
      const view = (await theirs.json()) as View;
      expect(view.id, who).not.toBe(secret.id);
      const done = await finished(api, view.id, headers);
      expect(done.images!.png, who).not.toBe(secret.images!.png);
    }

    // The image works for whoever holds the URL (a capability), and is not named by its bytes.
    const image = await api.get(secret.images!.png);
    expect(image.status()).toBe(200);
    const sha = createHash("sha256")
      .update(await image.body())
      .digest("hex");
    for (const url of [secret.images!.png, ...Object.values(secret.images!.webp)]) {
      expect(url).toMatch(/\/i\/private\/[0-9a-f]{2}\/[0-9a-f]{64}\//);
      expect(url).not.toContain(sha);
      expect(url).not.toContain(secret.id);
    }
    // Listed nowhere public: not in the feed, not in the gallery.
    const feed = await feedReplay(baseURL!);
    expect(feed).not.toContain(secret.id);
    expect(feed).not.toContain(new URL(secret.images!.png).pathname);
    const gallery = await (await api.get("/api/v1/gallery?limit=100")).text();
    expect(gallery).not.toContain(new URL(secret.images!.png).pathname);
    await api.dispose();
  });

  test("are what an API key makes by default, in every dialect; private: false shares it; the browser stays public", async ({
    apiKey,
    playwright,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const key = await apiKey();
    const api = await playwright.request.newContext({ baseURL });
    const stranger = async (id: string) => (await api.get(`/api/v1/generations/${id}`)).status();

    const native = await api.post("/api/v1/generations", {
      headers: bearer(key.key),
      data: { prompt: unique("default native"), width: 128, height: 128 },
    });
    const nativeView = (await native.json()) as View;
    expect(nativeView.private).toBe(true);
    expect(await stranger(nativeView.id)).toBe(404);

    const openai = await api.post("/v1/images/generations", {
      headers: bearer(key.key),
      data: { prompt: unique("default openai"), size: "128x128" },
    });
    expect(openai.status(), await openai.text()).toBe(200);

    const prompt = unique("default pollinations");
    const pollinations = await api.get(
      `/prompt/${encodeURIComponent(prompt)}?width=128&height=128&token=${key.key}`,
    );
    expect(pollinations.status()).toBe(200);
    expect(pollinations.headers()["cache-control"]).toMatch(/^private,/);
    const pollinationsId = pollinations.headers()["x-generation-id"]!;
    expect(await stranger(pollinationsId)).toBe(404);

    const shared = await api.post("/api/v1/generations", {
      headers: bearer(key.key),
      data: { prompt: unique("shared native"), width: 128, height: 128, private: false },
    });
    const sharedView = (await shared.json()) as View;
    expect(sharedView.private).toBe(false);
    await finished(api, sharedView.id, {});
    const publicAnswer = await api.get(`/api/v1/generations/${sharedView.id}`);
    expect(publicAnswer.headers()["cache-control"]).toBe("public, max-age=60");
    const sharedUrl = await api.get(
      `/prompt/${encodeURIComponent(unique("shared pollinations"))}?width=128&height=128&private=false&token=${key.key}`,
    );
    expect(sharedUrl.headers()["cache-control"]).toMatch(/^public,/);

    await expect.poll(() => feedReplay(baseURL!), { timeout: 15_000 }).toContain(sharedView.id);
    const feed = await feedReplay(baseURL!);
    expect(feed).not.toContain(nativeView.id);
    expect(feed).not.toContain(pollinationsId);

    // A visitor without a key (and with the cookie a browser would have): public, as in the browser.
    await api.get("/api/v1/me/limits");
    const visitor = await api.post("/api/v1/generations", {
      headers: { origin: new URL(baseURL!).origin },
      data: { prompt: unique("visitor default"), width: 128, height: 128 },
    });
    expect(((await visitor.json()) as View).private).toBe(false);
    await api.dispose();
  });
});
