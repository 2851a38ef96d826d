import { expect, test } from "./fixtures";

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test("robots.txt lets crawlers in, but not into the API, admin or accounts", async ({
  request,
}) => {
  const response = await request.get("/robots.txt");
  expect(response.status()).toBe(200);
  const text = await response.text();
  for (const line of ["Allow: /", "Disallow: /api/", "Disallow: /admin", "Disallow: /account"])
    expect(text.split("\n")).toContain(line);
});

test("the web app manifest is linked, and every icon it lists is served at its size", async ({
  page,
  request,
}) => {
  await page.goto("/");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const manifest = (await (await request.get(href!)).json()) as {
    name: string;
    icons: { src: string; sizes: string; type: string }[];
  };
  expect(manifest.name).toContain("Likeness");
  expect(manifest.icons.map((i) => i.sizes)).toEqual(
    expect.arrayContaining(["192x192", "512x512"]),
  );
  for (const icon of manifest.icons) {
    const response = await request.get(icon.src);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()["content-type"]).toContain(icon.type);
    if (icon.type === "image/png") {
      expect(pngSize(await response.body()).join("x")).toBe(icon.sizes);
    }
  }
});

test("pages carry a 1200×630 social preview for Open Graph and X", async ({ page, request }) => {
  await page.goto("/gallery");
  for (const selector of ['meta[property="og:image"]', 'meta[name="twitter:image"]']) {
    const url = new URL((await page.locator(selector).getAttribute("content"))!);
    const response = await request.get(url.pathname);
    expect(response.status(), url.pathname).toBe(200);
    expect(pngSize(await response.body())).toEqual([1200, 630]);
  }
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute(
    "content",
    "summary_large_image",
  );
});
