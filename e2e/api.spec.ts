import { expect, test } from "./fixtures";
import { E2E_GALLERY_SIZE } from "./global-setup";

test.describe("gallery API", () => {
  test("pages through everything with the keyset cursor", async ({ galleryApi }) => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await galleryApi({ limit: "10", ...(cursor ? { cursor } : {}) });
      seen.push(...page.data.map((a) => a.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(E2E_GALLERY_SIZE);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  test("returns absolute, working image URLs", async ({ galleryApi, request }) => {
    const [avatar] = (await galleryApi({ limit: "1" })).data;
    expect(avatar!.images.webp["256"]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/i\/avatars\//);
    const response = await request.get(avatar!.images.webp["256"]);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/webp");
  });

  test("image URLs are immutable, carry an ETag and answer 304", async ({
    galleryApi,
    request,
  }) => {
    const [avatar] = (await galleryApi({ limit: "1" })).data;
    const first = await request.get(avatar!.images.png);
    expect(first.status()).toBe(200);
    expect(first.headers()["content-type"]).toBe("image/png");
    expect(first.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    const etag = first.headers()["etag"];
    expect(etag).toMatch(/^"[^"]+"$/);

    const again = await request.get(avatar!.images.png, { headers: { "If-None-Match": etag! } });
    expect(again.status()).toBe(304);
    expect(await again.body()).toHaveLength(0);
  });

  test("a missing or invalid image key is a 404 JSON error", async ({ request }) => {
    for (const path of ["/i/avatars/00/nothing/1024.webp", "/i/.env", "/i/avatars/%2e%2e/secret"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(404);
      expect((await response.json()).error.code).toBe("not_found");
    }
  });

  const badQueries: [string, number, string][] = [
    ["style=nope", 422, "style"],
    ["limit=0", 422, "limit"],
    ["limit=10000", 422, "limit"],
    ["limit=ten", 422, "limit"],
    ["cursor=garbage", 422, "cursor"],
    [`q=${"x".repeat(201)}`, 422, "q"],
  ];
  for (const [query, status, param] of badQueries) {
    test(`rejects ?${query.slice(0, 30)} with ${status}`, async ({ request }) => {
      const response = await request.get(`/api/v1/gallery?${query}`);
      expect(response.status()).toBe(status);
      expect(response.headers()["content-type"]).toContain("application/json");
      const body = await response.json();
      expect(body.error).toMatchObject({ code: "invalid_parameters", doc_url: expect.any(String) });
      expect(body.error.message).toContain(param);
    });
  }

  test("downloads reject unknown sizes and formats", async ({ galleryApi, request }) => {
    const [avatar] = (await galleryApi({ limit: "1" })).data;
    for (const query of ["size=300", "format=gif"]) {
      const response = await request.get(`/api/v1/gallery/${avatar!.id}/download?${query}`);
      expect(response.status(), query).toBe(422);
    }
    expect((await request.get("/api/v1/gallery/abc/download")).status()).toBe(404);
  });

  test("health reports every service up with its latency", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.status).toBe("ok");
    for (const part of ["db", "redis", "storage"]) {
      expect(body.checks[part]).toMatchObject({ status: "up", latency_ms: expect.any(Number) });
    }
  });
});

test("every error's doc_url leads to a page that explains it", async ({ page, request }) => {
  const body = await (await request.get("/api/v1/gallery?limit=0")).json();
  await page.goto(body.error.doc_url);
  await expect(page.locator(`[id="${body.error.code}"]`)).toContainText("out of range");
});
