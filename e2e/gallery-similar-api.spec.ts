import { similarAvatarsSchema } from "../lib/openapi/schemas";
import { expect, test } from "./fixtures";

test.describe("GET /api/v1/gallery/similar", () => {
  test("finds the avatar a prompt describes, its style first, cacheable", async ({
    request,
    galleryApi,
  }) => {
    const [avatar] = (await galleryApi({ style: "lorelei", limit: "1" })).data;
    const response = await request.get(
      `/api/v1/gallery/similar?${new URLSearchParams({ prompt: avatar!.prompt, style: "lorelei" })}`,
    );
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toBe("public, max-age=60");
    const json: unknown = await response.json();
    const { data } = similarAvatarsSchema.parse(json);
    expect(data[0]!.id).toBe(avatar!.id);
    expect(data.length).toBeGreaterThan(1);
    expect(data.length).toBeLessThanOrEqual(6);
    // Same style first: once another style appears, lorelei never comes back.
    const styles = data.map((a) => a.style);
    const firstOther = styles.findIndex((s) => s !== "lorelei");
    if (firstOther >= 0) expect(styles.slice(firstOther)).not.toContain("lorelei");
    // Exactly the listing's item, absolute image URLs included.
    expect((json as { data: unknown[] }).data[0]).toEqual(avatar);
  });

  test("answers a few typed words, respects the limit, and finds nothing for nonsense", async ({
    request,
  }) => {
    const similar = async (query: Record<string, string>) => {
      const response = await request.get(`/api/v1/gallery/similar?${new URLSearchParams(query)}`);
      expect(response.status()).toBe(200);
      return similarAvatarsSchema.parse(await response.json()).data;
    };
    const hair = await similar({ prompt: "hair" });
    expect(hair).toHaveLength(6);
    expect(await similar({ prompt: "hair", limit: "2" })).toHaveLength(2);
    expect((await similar({ prompt: "hair", limit: "12" })).length).toBeGreaterThan(6);
    expect(await similar({ prompt: "zebra submarine quux" })).toEqual([]);
  });

  const badQueries: [string, string][] = [
    ["prompt=fox&style=nope", "style"],
    ["style=lorelei", "prompt"],
    ["prompt=", "prompt"],
    [`prompt=${"x".repeat(1001)}`, "prompt"],
    ["prompt=fox&limit=0", "limit"],
    ["prompt=fox&limit=13", "limit"],
    ["prompt=fox&limit=six", "limit"],
  ];
  for (const [query, param] of badQueries) {
    test(`rejects ?${query.slice(0, 30)} with 422 naming ${param}`, async ({ request }) => {
      const response = await request.get(`/api/v1/gallery/similar?${query}`);
      expect(response.status()).toBe(422);
      expect(response.headers()["content-type"]).toContain("application/json");
      const body = await response.json();
      expect(body.error).toMatchObject({ code: "invalid_parameters", doc_url: expect.any(String) });
      expect(body.error.message).toContain(param);
    });
  }

  test("is in the OpenAPI document", async ({ request }) => {
    const doc = (await (await request.get("/api/openapi.json")).json()) as {
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
    };
    const get = doc.paths["/api/v1/gallery/similar"]?.get;
    expect(Object.keys(get?.responses ?? {})).toEqual(expect.arrayContaining(["200", "422"]));
  });
});
