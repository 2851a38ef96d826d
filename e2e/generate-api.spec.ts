import { userWithKey } from "./admin-cli";
import { expect, test } from "./fixtures";

interface View {
  id: string;
  status: string;
  provider: string | null;
  images: { webp: Record<string, string>; png: string } | null;
  events_url: string;
  queue_position?: number | null;
}

/** Reads a generation's SSE stream until it ends, returning every event name and the last data. */
async function follow(url: string): Promise<{ events: string[]; last: View }> {
  const response = await fetch(url, { headers: { Accept: "text/event-stream" } });
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const events: string[] = [];
  let last: View | undefined;
  let buffer = "";
  const decoder = new TextDecoder();
  const reader = response.body!.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffer += decoder.decode(chunk.value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (!event || !data) continue;
      events.push(event);
      if (event === "succeeded" || event === "failed") last = JSON.parse(data) as View;
    }
  }
  return { events, last: last! };
}

test.describe("native generations API", () => {
  test("queues a new request, streams it to success, then serves the same request from the cache", async ({
    request,
  }) => {
    const body = {
      prompt: "smiling astronaut with silver hair on a navy background",
      style: "avataaars",
      seed: 11,
      width: 512,
      height: 512,
    };
    const first = await request.post("/api/v1/generations", { data: body });
    expect(first.status()).toBe(202);
    expect(first.headers()["x-cache"]).toBe("MISS");
    const queued = (await first.json()) as View;
    expect(queued.status).toBe("queued");

    const { events, last } = await follow(queued.events_url);
    expect(events.at(-1)).toBe("succeeded");
    expect(last).toMatchObject({ id: queued.id, status: "succeeded", provider: "local" });
    // The original is there the moment the generation says it succeeded...
    const original = await request.get(last.images!.png);
    expect(original.status()).toBe(200);
    expect(original.headers()["content-type"]).toBe("image/png");
    // ...and the WebPs follow: every standard size up to 512, never an upscaled 1024.
    await expect
      .poll(
        async () =>
          ((await (await request.get(`/api/v1/generations/${queued.id}`)).json()) as View).images,
      )
      .toMatchObject({ variants_pending: false });
    const withVariants = (await (
      await request.get(`/api/v1/generations/${queued.id}`)
    ).json()) as View;
    expect(Object.keys(withVariants.images!.webp).sort()).toEqual(["128", "256", "512"]);
    const image = await request.get(withVariants.images!.webp["512"]!);
    expect(image.status()).toBe(200);
    expect(image.headers()["content-type"]).toBe("image/webp");

    const again = await request.post("/api/v1/generations", { data: body });
    expect(again.status()).toBe(200);
    expect(again.headers()["x-cache"]).toBe("HIT");
    expect(((await again.json()) as View).id).toBe(queued.id);

    const polled = await request.get(`/api/v1/generations/${queued.id}`);
    expect(((await polled.json()) as View).status).toBe("succeeded");
  });

  test("20 identical concurrent requests become one generation", async ({ request }) => {
    const body = {
      prompt: "one of twenty identical robots",
      style: "bottts",
      seed: 20,
      width: 256,
      height: 256,
    };
    // An integrator's key: one anonymous visitor would be held to 10 requests a minute.
    const { key } = await userWithKey(`twenty-${Date.now().toString(36)}@e2e.test`, "enterprise");
    const headers = { authorization: `Bearer ${key}` };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        request.post("/api/v1/generations", { data: body, headers }),
      ),
    );
    expect(responses.map((r) => r.status()).filter((s) => s !== 202 && s !== 200)).toEqual([]);
    const ids = new Set(
      await Promise.all(responses.map(async (r) => ((await r.json()) as View).id)),
    );
    expect(ids.size).toBe(1);
  });

  const bad: [string, unknown, number, string][] = [
    ["malformed JSON", "{", 400, "bad_request"],
    ["an empty prompt", { prompt: "" }, 422, "prompt"],
    ["a 2,000-character prompt", { prompt: "x".repeat(2000) }, 422, "prompt"],
    ["an unknown style", { prompt: "x", style: "cubism" }, 422, "style"],
    ["an unknown model", { prompt: "x", model: "dall-e-3" }, 422, "model"],
    ["a size below 64", { prompt: "x", width: 32 }, 422, "width"],
    ["a size above 2048", { prompt: "x", height: 4096 }, 422, "height"],
    ["a size not a multiple of 8", { prompt: "x", width: 100 }, 422, "width"],
    ["a non-integer seed", { prompt: "x", seed: 1.5 }, 422, "seed"],
  ];
  for (const [what, data, status, mention] of bad) {
    test(`rejects ${what} with ${status}`, async ({ request }) => {
      const response = await request.post("/api/v1/generations", {
        headers: { "Content-Type": "application/json" },
        data: Buffer.from(typeof data === "string" ? data : JSON.stringify(data)),
      });
      expect(response.status()).toBe(status);
      const error = (await response.json()).error;
      expect(`${error.code} ${error.message}`).toContain(mention);
    });
  }

  test("an unknown generation is a 404", async ({ request }) => {
    expect(
      (await request.get("/api/v1/generations/00000000-0000-0000-0000-000000000000")).status(),
    ).toBe(404);
    expect((await request.get("/api/v1/generations/nope/events")).status()).toBe(404);
  });
});
