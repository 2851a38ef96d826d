import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ cookies: vi.fn() }));

const { query } = await import("@/lib/db");
const { usageOf } = await import("@/lib/limits/quota");
const { markFailed, markSucceeded } = await import("@/lib/generations/repository");
const { requestGeneration } = await import("@/lib/generations/service");
const { contentEtag } = await import("@/lib/api/conditional");
const { pollinationsQuerySchema, toGenerationInput } =
  await import("@/lib/dialects/pollinations/query");
const { GET: promptImage } = await import("@/app/prompt/[...prompt]/route");
const { POST: generate } = await import("@/app/api/v1/generations/route");
const { GET: limits } = await import("@/app/api/v1/me/limits/route");
const { call, cookieOf, newAddress, uniqueBody } = await import("./http");
const { emptyGenerationQueue } = await import("./queue-hooks");

// The defaults: 3 a day per visitor (the anonymous tier), 10 a day per address, 10 new cookies an
// hour per address (lib/env.ts).
emptyGenerationQueue();

/** A new visitor at `from`: its first call hands it a cookie, as a browser's first page load does. */
async function newVisitor(from: string): Promise<string | undefined> {
  const first = await call(limits, "/api/v1/me/limits", { from });
  expect(first.status).toBe(200);
  return cookieOf(first, "lk_anon");
}

async function tryGenerate(from: string, cookie?: string): Promise<number> {
  const response = await call(generate, "/api/v1/generations", {
    from,
    json: uniqueBody("anon fox"),
    headers: cookie ? { cookie } : {},
  });
  return response.status;
}

describe("anonymous quota", () => {
  it("cannot be multiplied by minting cookies: 5 fresh cookies from one address get no more than its 10", async () => {
    const from = newAddress();
    const statuses: number[] = [];
    for (let v = 0; v < 5; v++) {
      const cookie = await newVisitor(from);
      expect(cookie, `visitor ${v} got a cookie`).toMatch(/^lk_anon=/);
      for (let i = 0; i < 3; i++) statuses.push(await tryGenerate(from, cookie));
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect(await usageOf(`anon:addr:${from}`)).toBe(10);

    // The refusal says which allowance ran out.
    const cookie = await newVisitor(from);
    const refused = await call(generate, "/api/v1/generations", {
      from,
      json: uniqueBody("anon fox"),
      headers: { cookie: cookie! },
    });
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { code: string; details: unknown } };
    expect(body.error).toMatchObject({
      code: "quota_exceeded",
      details: { scope: "address", allowed: 10 },
    });
    expect(refused.headers.get("X-RateLimit-Remaining-Day")).toBe("0");

    // Another address is another allowance.
    expect(await tryGenerate(newAddress(), await newVisitor(newAddress()))).toBe(202);
  });

  it("is still each visitor's 3 a day inside the address's allowance, concurrent requests included", async () => {
    const from = newAddress();
    const cookie = await newVisitor(from);
    const statuses = await Promise.all(Array.from({ length: 8 }, () => tryGenerate(from, cookie)));
    expect(statuses.filter((s) => s === 202)).toHaveLength(3);
    expect(await usageOf(`anon:addr:${from}`)).toBe(3);
  });

  it("hands an address 10 new cookies an hour; past that it is served as its cookieless visitor", async () => {
    const from = newAddress();
    for (let i = 0; i < 10; i++) expect(await newVisitor(from)).toBeDefined();
    const eleventh = await call(limits, "/api/v1/me/limits", { from });
    expect(eleventh.status).toBe(200);
    expect(cookieOf(eleventh, "lk_anon")).toBeUndefined();
    // Its generations are the address's cookieless visitor's: 3 a day, shared by every such request.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push(await tryGenerate(from));
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(await usageOf(`anon:ip:${from}`)).toBe(3);
    // Another address still gets its cookie.
    expect(await newVisitor(newAddress())).toBeDefined();
  });

  it("gives back to the visitor, the address and the global allowance when a generation fails", async () => {
    const from = newAddress();
    const cookie = await newVisitor(from);
    const response = await call(generate, "/api/v1/generations", {
      from,
      json: uniqueBody("doomed fox"),
      headers: { cookie: cookie! },
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const visitor = `anon:${cookie!.slice("lk_anon=".length).split(".")[0]}`;
    const global = await usageOf("anon:all");
    expect([await usageOf(visitor), await usageOf(`anon:addr:${from}`)]).toEqual([1, 1]);

    expect(await markFailed(id, "providers_unavailable", "both down")).toBe(true);
    expect([await usageOf(visitor), await usageOf(`anon:addr:${from}`)]).toEqual([0, 0]);
    expect(await usageOf("anon:all")).toBe(global - 1);
    const [request] = await query<{ charged_subjects: string[] }>(
      "select charged_subjects from public.generation_requests where generation_id = $1",
      [id],
    );
    expect([...request!.charged_subjects].sort()).toEqual(
      [visitor, `anon:addr:${from}`, "anon:all"].sort(),
    );
  });

  it("does not spend an address's new cookies on cache hits of image URLs, which carry none", async () => {
    const prompt = `hit fox ${Date.now()}`;
    const { input } = toGenerationInput(
      prompt,
      pollinationsQuerySchema.parse({ width: "128", height: "128" }),
    );
    const made = await requestGeneration(input);
    const png = "avatars/00/hit-fox/original.png";
    await markSucceeded(made.row.id, {
      provider: "local",
      model: "flux-schnell",
      keys: { png, webp: {} },
      seed: 42,
      width: 128,
      height: 128,
      latencyMs: 1,
      costUsd: 0,
    });
    const from = newAddress();
    for (let i = 0; i < 12; i++) {
      // A revalidation (304) answers from the cache without reading the image's bytes.
      const hit = await call(
        promptImage,
        `/prompt/${encodeURIComponent(prompt)}?width=128&height=128`,
        {
          from,
          headers: { "if-none-match": contentEtag(png) },
        },
      );
      expect(hit.status).toBe(304);
      expect(hit.headers.get("x-cache")).toBe("HIT");
      expect(hit.headers.getSetCookie()).toEqual([]);
    }
    expect(await newVisitor(from)).toMatch(/^lk_anon=/);
  });
});
