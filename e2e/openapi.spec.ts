import { randomUUID } from "node:crypto";
import { errorSchema, galleryPageSchema, queuedGenerationSchema } from "../lib/openapi/schemas";
import { expect, test } from "./fixtures";

interface OpenApiDoc {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
}

test.describe("OpenAPI document", () => {
  test("describes every public route, against this server", async ({ request, baseURL }) => {
    const response = await request.get("/api/openapi.json");
    expect(response.status()).toBe(200);
    expect(response.headers()["access-control-allow-origin"]).toBe("*");
    const doc = (await response.json()) as OpenApiDoc;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([{ url: baseURL }]);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/generations",
        "/api/v1/generations/{id}",
        "/api/v1/generations/{id}/events",
        "/api/v1/gallery",
        "/api/v1/gallery/{id}",
        "/v1/images/generations",
        "/v1/models",
        "/prompt/{prompt}",
        "/models",
        "/feed",
      ]),
    );
    const post = doc.paths["/api/v1/generations"]!.post!;
    expect(Object.keys(post.responses)).toEqual(
      expect.arrayContaining(["200", "202", "422", "429"]),
    );
  });

  test("the answers the server gives match the schemas it documents", async ({ request }) => {
    const gallery = await request.get("/api/v1/gallery?limit=3");
    expect(galleryPageSchema.safeParse(await gallery.json()).error).toBeUndefined();

    const created = await request.post("/api/v1/generations", {
      data: { prompt: `schema check ${randomUUID().slice(0, 8)}`, width: 128, height: 128 },
    });
    expect(created.status()).toBe(202);
    const ticket = queuedGenerationSchema.parse(await created.json());
    await expect
      .poll(async () => {
        const status = await request.get(`/api/v1/generations/${ticket.id}`);
        return queuedGenerationSchema.parse(await status.json()).status;
      })
      .toBe("succeeded");

    const bad = await request.post("/api/v1/generations", { data: { prompt: "" } });
    expect(bad.status()).toBe(422);
    expect(errorSchema.safeParse(await bad.json()).error).toBeUndefined();
  });
});
