// What a client says about where it is, and what it sends, is not trusted (issue 10, items 6 to 9
// and 12a): the Host header is never reflected, cookie-authenticated changes must come from this
// site, post-sign-in redirects stay on it, and bad bytes are a JSON 4xx, never a 500.
import { request as httpRequest } from "node:http";
import { randomUUID } from "node:crypto";
import type { BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request with headers fetch would not send as given (a made-up Host). For event streams,
 * reads for `streamMs` and then hangs up.
 */
function raw(
  baseURL: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; streamMs?: number },
): Promise<Raw> {
  const target = new URL(path, baseURL);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: init.method ?? "GET",
        headers: init.headers,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        res.on("end", done);
        if (init.streamMs) {
          setTimeout(() => {
            done();
            req.destroy();
          }, init.streamMs);
        }
      },
    );
    req.on("error", (error) => (init.streamMs ? undefined : reject(error)));
    if (init.body) req.write(init.body);
    req.end();
  });
}

const EVIL = "evil.example";
const unique = (words: string) => `${words} ${randomUUID().slice(0, 8)}`;

/** Everything a client would read in an answer: status line aside, every header and the body. */
const everything = (r: Raw) => `${JSON.stringify(r.headers)}\n${r.body}`;

async function signIn(page: Page, email: string, next = "/account"): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByTestId("signin-email").fill(email);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("signin-open-link").click();
  await page.waitForURL((url) => url.pathname === next);
}

async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

test.describe("the Host header", () => {
  test("Host: evil.example appears in no URL of any answer", async ({ apiKey, baseURL, page }) => {
    test.setTimeout(90_000);
    const { key } = await apiKey();
    const host = { host: EVIL };
    const json = { ...host, "content-type": "application/json", authorization: `Bearer ${key}` };
    const answers: [string, Raw][] = [];

    const created = await raw(baseURL!, "/api/v1/generations", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ prompt: unique("host fox"), width: 128, height: 128, private: false }),
    });
    expect(created.status, created.body).toBe(202);
    answers.push(["POST /api/v1/generations", created]);
    const { id } = JSON.parse(created.body) as { id: string };
    await expect
      .poll(async () => {
        const got = await raw(baseURL!, `/api/v1/generations/${id}`, { headers: host });
        return (JSON.parse(got.body) as { status: string }).status;
      })
      .toBe("succeeded");
    const got = await raw(baseURL!, `/api/v1/generations/${id}`, { headers: host });
    expect(got.body).toContain("/i/");
    expect(String(got.headers.vary)).toMatch(/\bHost\b/);
    answers.push(["GET /api/v1/generations/{id}", got]);
    answers.push([
      "events",
      await raw(baseURL!, `/api/v1/generations/${id}/events`, { headers: host, streamMs: 1_500 }),
    ]);
    const feed = await raw(baseURL!, "/feed", {
      headers: { ...host, accept: "text/event-stream" },
      streamMs: 1_500,
    });
    expect(feed.body).toContain("imageURL");
    answers.push(["GET /feed (SSE)", feed]);
    const openai = await raw(baseURL!, "/v1/images/generations", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ prompt: unique("host openai"), size: "128x128" }),
    });
    expect(openai.status, openai.body).toBe(200);
    expect(openai.body).toContain('"url"');
    answers.push(["POST /v1/images/generations", openai]);
    answers.push([
      "GET /prompt/…",
      await raw(
        baseURL!,
        `/prompt/${encodeURIComponent(unique("host prompt"))}?width=128&height=128`,
        {
          headers: host,
        },
      ),
    ]);
    const docs = await raw(baseURL!, "/docs", { headers: host });
    expect(docs.status).toBe(200);
    answers.push(["GET /docs", docs]);
    const missing = await raw(baseURL!, `/api/v1/generations/${randomUUID()}`, { headers: host });
    expect((JSON.parse(missing.body) as { error: { doc_url: string } }).error.doc_url).toMatch(
      /^http:\/\/localhost:\d+\/docs\/errors#not_found$/,
    );
    answers.push(["an error's doc_url", missing]);

    // The sign-in link: the form's own server action, sent again as a client that lies about Host
    // (and, to get past Next's own check, about Origin too).
    await page.goto("/signin");
    const action = page.waitForRequest(
      (r) => r.method() === "POST" && !!r.headers()["next-action"],
    );
    await page.getByTestId("signin-email").fill(`host-${randomUUID().slice(0, 8)}@e2e.test`);
    await page.getByTestId("signin-submit").click();
    const sent = await action;
    const replayed = await raw(baseURL!, new URL(sent.url()).pathname, {
      method: "POST",
      headers: {
        ...Object.fromEntries(
          Object.entries(sent.headers()).filter(
            ([name]) => !/^(host|origin|referer|cookie|connection|content-length)$/i.test(name),
          ),
        ),
        host: EVIL,
        origin: `http://${EVIL}`,
      },
      body: sent.postData() ?? "",
    });
    expect(replayed.body).toContain("/auth/confirm?token=");
    answers.push(["the sign-in link", replayed]);

    for (const [what, answer] of answers) expect(everything(answer), what).not.toContain(EVIL);
  });
});

test.describe("cookie-authenticated changes", () => {
  test("a session POST from another origin (text/plain) is a 403 and charges nothing; the site's own pages still work", async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    const origin = new URL(baseURL!).origin;
    await signIn(page, `csrf-${randomUUID().slice(0, 8)}@e2e.test`, "/generate");
    const cookie = await cookieHeader(page.context());
    const attempt = (headers: Record<string, string>) =>
      fetch(`${baseURL}/api/v1/generations`, {
        method: "POST",
        headers: { cookie, "content-type": "text/plain", ...headers },
        body: JSON.stringify({ prompt: unique("csrf fox"), width: 128, height: 128 }),
      });
    const foreign: Record<string, string>[] = [
      { origin: "http://evil.example" },
      { origin: "http://127.0.0.1:3000.evil.example" },
      { origin: "null" },
      { referer: "http://evil.example/page" },
      {},
    ];
    for (const headers of foreign) {
      const refused = await attempt(headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      const body = (await refused.json()) as { error: { code: string; doc_url: string } };
      expect(body.error.code).toBe("csrf_rejected");
      expect(body.error.doc_url).toMatch(/^https?:\/\/.+\/docs\/errors#csrf_rejected$/);
    }
    const account = await page.request.get("/api/v1/account");
    expect(((await account.json()) as { usage: { used: number } }).usage.used).toBe(0);

    // The real UI, same origin in Chromium: generating works and is charged once.
    await page.getByTestId("generate-prompt").fill(unique("same origin fox"));
    await page.getByTestId("generate-submit").click();
    await expect(page.getByTestId("generate-result")).toBeVisible({ timeout: 20_000 });
    const after = await page.request.get("/api/v1/account");
    expect(((await after.json()) as { usage: { used: number } }).usage.used).toBe(1);
    // And the same request with this site's Origin is accepted.
    expect((await attempt({ origin })).status).toBe(202);
  });

  test("the visitor cookie is held to the same rule; an API key is not", async ({
    apiKey,
    baseURL,
    request,
  }) => {
    const visitor = (await request.storageState()).cookies.find((c) => c.name === "lk_anon");
    expect(visitor).toBeDefined();
    const post = (headers: Record<string, string>) =>
      fetch(`${baseURL}/api/v1/generations`, {
        method: "POST",
        headers: { "content-type": "text/plain", origin: "http://evil.example", ...headers },
        body: JSON.stringify({ prompt: unique("visitor csrf"), width: 128, height: 128 }),
      });
    const refused = await post({ cookie: `lk_anon=${visitor!.value}` });
    expect(refused.status).toBe(403);
    const limits = (await (await request.get("/api/v1/me/limits")).json()) as {
      usage: { used: number };
    };
    expect(limits.usage.used).toBe(0);
    const { key } = await apiKey();
    expect((await post({ authorization: `Bearer ${key}` })).status).toBe(202);
  });

  test("sign-out refuses another or a malformed Origin with a 403, never a 500", async ({
    page,
    baseURL,
  }) => {
    await signIn(page, `signout-${randomUUID().slice(0, 8)}@e2e.test`);
    const cookie = await cookieHeader(page.context());
    for (const origin of [
      "http://127.0.0.1:3000.evil.example",
      "http://evil.example",
      "null",
      "::",
    ]) {
      const response = await fetch(`${baseURL}/auth/signout`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie, origin },
      });
      expect(response.status, origin).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        "csrf_rejected",
      );
    }
    // Still signed in; the header's own button signs out.
    await page.goto("/account");
    await expect(page.getByTestId("account-plan")).toBeVisible();
    await page.getByTestId("user-menu").getByTestId("signout").click();
    await expect(page).toHaveURL(/\/$/);
  });

  test("the sign-in server action refuses a post from another origin (Next's own check)", async ({
    page,
    baseURL,
  }) => {
    await page.goto("/signin");
    const action = page.waitForRequest(
      (r) => r.method() === "POST" && !!r.headers()["next-action"],
    );
    await page.getByTestId("signin-email").fill(`action-${randomUUID().slice(0, 8)}@e2e.test`);
    await page.getByTestId("signin-submit").click();
    const sent = await action;
    await expect(page.getByTestId("signin-link")).toBeVisible();
    const headers = Object.fromEntries(
      Object.entries(sent.headers()).filter(
        ([name]) => !/^(host|origin|connection|content-length)$/i.test(name),
      ),
    );
    const replay = (origin: string) =>
      fetch(sent.url(), {
        method: "POST",
        headers: { ...headers, origin },
        body: sent.postData() ?? "",
      });
    const foreign = await replay("http://evil.example");
    expect(foreign.status).toBeGreaterThanOrEqual(400);
    expect(await foreign.text()).not.toContain("/auth/confirm?token=");
    expect(await (await replay(new URL(baseURL!).origin)).text()).toContain("/auth/confirm?token=");
  });
});

test.describe("post-sign-in redirects", () => {
  for (const next of [
    "/.//evil.example",
    "/..//evil.example",
    "/%2F%2Fevil.example",
    "//evil.example",
    "/\\evil.example",
  ]) {
    test(`next=${next} leads nowhere but this site`, async ({ page }) => {
      await signIn(page, `redirect-${randomUUID().slice(0, 8)}@e2e.test`);
      await page.goto(`/signin?next=${encodeURIComponent(next)}`);
      const hrefs = await page
        .locator("main a, [data-testid] a, a")
        .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
      for (const href of hrefs) {
        expect(href, next).not.toMatch(/^(\/\/|\/\\|[a-z]+:)?\/?\/?evil\.example/i);
        expect(new URL(href, "http://127.0.0.1").host, href).not.toContain("evil");
      }
    });
  }
});

test.describe("bad bytes", () => {
  test("NUL or a lone surrogate in a prompt is a 4xx naming the field, in every dialect", async ({
    apiKey,
    baseURL,
    request,
  }) => {
    const { key } = await apiKey();
    for (const prompt of ["a fox \u0000 in a hat", "a fox \ud800 in a hat"]) {
      // JSON.stringify writes the lone surrogate as the escape \ud800, as a client would send it.
      const body = JSON.stringify({ prompt, width: 128, height: 128 });
      const native = await request.post("/api/v1/generations", {
        headers: { "content-type": "application/json" },
        data: Buffer.from(body),
      });
      expect(native.status()).toBe(422);
      const error = (
        (await native.json()) as { error: { code: string; details: { path: string }[] } }
      ).error;
      expect(error.code).toBe("invalid_parameters");
      expect(error.details.map((d) => d.path)).toContain("prompt");

      const openai = await fetch(`${baseURL}/v1/images/generations`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ prompt }),
      });
      expect(openai.status).toBe(400);
      expect(((await openai.json()) as { error: { param: string } }).error.param).toBe("prompt");
    }
    const pollinations = await request.get("/prompt/a%00fox?width=128&height=128");
    expect(pollinations.status()).toBe(422);
    expect(((await pollinations.json()) as { error: { message: string } }).error.message).toMatch(
      /^prompt:/,
    );
    const gallery = await request.get("/api/v1/gallery?q=fox%00");
    expect(gallery.status()).toBe(422);
  });

  for (const path of [
    "/prompt/%ZZ",
    "/i/%c0%ae",
    "/api/v1/generations/%",
    "/gallery/%E0%A4%A",
    "/prompt/%ED%A0%80",
  ]) {
    test(`a malformed escape (${path}) is a JSON 400`, async ({ baseURL }) => {
      const response = await raw(baseURL!, path, {});
      expect(response.status).toBe(400);
      expect(String(response.headers["content-type"])).toMatch(/^application\/json/);
      const body = JSON.parse(response.body) as { error: { code: string; doc_url: string } };
      expect(body.error.code).toBe("bad_request");
      expect(body.error.doc_url).toMatch(/^http:\/\/.+\/docs\/errors#bad_request$/);
    });
  }
});
