import { expect, test } from "./fixtures";

// Each test stops one backing service under the running app, then brings it back: the app must say
// what is down, keep serving what it can, and recover without being restarted itself.
test.describe("when a backing service goes down", () => {
  const parts = [
    ["pg", "db"],
    ["redis", "redis"],
    ["s3", "storage"],
  ] as const;

  for (const [service, component] of parts) {
    test(`health names ${component} and recovers after it returns`, async ({
      request,
      withServiceDown,
    }) => {
      await withServiceDown(service, async () => {
        const response = await request.get("/api/health");
        expect(response.status()).toBe(503);
        const body = await response.json();
        expect(body.down).toEqual([component]);
        expect(body.error.message).toContain(component);
      });
      await expect
        .poll(async () => (await request.get("/api/health")).status(), { timeout: 20_000 })
        .toBe(200);
    });
  }

  test("the gallery shows a clear message while the database is down", async ({
    page,
    request,
    withServiceDown,
  }) => {
    await withServiceDown("pg", async () => {
      const api = await request.get("/api/v1/gallery");
      expect(api.status()).toBe(503);
      expect((await api.json()).error.code).toBe("service_unavailable");

      await page.goto("/gallery");
      await expect(page.getByTestId("gallery-error")).toBeVisible();
      await expect(page.getByTestId("gallery-error")).toContainText(/unavailable/i);
    });
    await expect
      .poll(async () => (await request.get("/api/v1/gallery")).status(), { timeout: 20_000 })
      .toBe(200);
    await page.goto("/gallery");
    await expect(page.getByTestId("avatar-card").first()).toBeVisible();
  });

  test("images fail with a 503, not a crash, while storage is down", async ({
    request,
    galleryApi,
    withServiceDown,
  }) => {
    const [avatar] = (await galleryApi({ limit: "1" })).data;
    await withServiceDown("s3", async () => {
      const response = await request.get(avatar!.images.webp["128"]);
      expect(response.status()).toBe(503);
      expect((await response.json()).error.code).toBe("service_unavailable");
    });
  });
});

test.describe("generation while Redis goes down", () => {
  test("new requests get a fast 503, and an accepted job survives the restart and finishes", async ({
    request,
    withServiceDown,
  }) => {
    const { openQueue } = await import("../lib/queue/queues");
    const { localRedisUrl, localStack } = await import("../lib/local-stack");
    const url = localRedisUrl(localStack({ ...process.env, LIKENESS_PROFILE: "test" }));
    const { queue, close } = openQueue("generations", url);
    // Paused, the job is certain to still be waiting in Redis when Redis stops.
    await queue.pause();
    try {
      const accepted = await request.post("/api/v1/generations", {
        data: {
          prompt: "patient gardener waiting out an outage",
          style: "micah",
          seed: 77,
          width: 256,
          height: 256,
        },
      });
      expect(accepted.status()).toBe(202);
      const { id } = (await accepted.json()) as { id: string };

      await withServiceDown("redis", async () => {
        const started = Date.now();
        const refused = await request.post("/api/v1/generations", {
          data: { prompt: "asked while Redis is down", seed: 1, width: 256, height: 256 },
        });
        expect(refused.status()).toBe(503);
        expect((await refused.json()).error.code).toBe("service_unavailable");
        expect(Date.now() - started).toBeLessThan(3_000);
      });

      await expect
        .poll(
          async () =>
            queue.resume().then(
              () => true,
              () => false,
            ),
          { timeout: 15_000 },
        )
        .toBe(true);
      await expect
        .poll(
          async () =>
            ((await (await request.get(`/api/v1/generations/${id}`)).json()) as { status: string })
              .status,
          {
            timeout: 30_000,
          },
        )
        .toBe("succeeded");
    } finally {
      await queue.resume().catch(() => undefined);
      await close();
    }
  });
});
