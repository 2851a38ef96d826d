import { test as base, expect, type APIRequestContext } from "@playwright/test";
import type { GalleryPage } from "../lib/gallery/types";
import { startService, stackContext, stopService, type ServiceName } from "../scripts/stack/index";

interface Fixtures {
  /** GET /api/v1/gallery with the given query, asserting a 200. */
  galleryApi: (query?: Record<string, string>) => Promise<GalleryPage>;
  /** Stops a backing service for the duration of a callback, and always starts it again. */
  withServiceDown: (
    name: Extract<ServiceName, "pg" | "redis" | "s3">,
    fn: () => Promise<void>,
  ) => Promise<void>;
}

async function fetchGallery(
  request: APIRequestContext,
  query: Record<string, string>,
): Promise<GalleryPage> {
  const response = await request.get(`/api/v1/gallery?${new URLSearchParams(query)}`);
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as GalleryPage;
}

export const test = base.extend<Fixtures>({
  galleryApi: async ({ request }, use) => {
    await use((query = {}) => fetchGallery(request, query));
  },
  withServiceDown: async ({}, use) => {
    const ctx = stackContext({ ...process.env, LIKENESS_PROFILE: "test" });
    await use(async (name, fn) => {
      await stopService(name, ctx);
      try {
        await fn();
      } finally {
        await startService(name, ctx);
      }
    });
  },
});

export { expect };
