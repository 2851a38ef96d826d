// The OpenAI-compatible API, driven by the official `openai` SDK exactly as a customer would: pointed
// at the app's /v1 with an API key. maxRetries: 0 so an error is seen once, as the first answer.
import { randomUUID } from "node:crypto";
import OpenAI, {
  APIError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  RateLimitError,
} from "openai";
import { expect, test } from "./fixtures";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, after checking it is a PNG at all. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(bytes.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

type ErrorClass = abstract new (...args: never[]) => APIError;

const unique = (words: string) => `${words} ${randomUUID().slice(0, 8)}`;

function client(baseURL: string | undefined, apiKey: string, extra: object = {}): OpenAI {
  return new OpenAI({ baseURL: `${baseURL}/v1`, apiKey, maxRetries: 0, ...extra });
}

/** The error an SDK call raises (the test fails if it resolves). */
async function raised(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error("the call succeeded");
    },
    (error: unknown) => error,
  );
}

test.describe("OpenAI-compatible API", () => {
  test("generates with response_format url: an absolute URL of a real PNG of the asked size", async ({
    apiKey,
    baseURL,
  }) => {
    const openai = client(baseURL, (await apiKey()).key);
    const prompt = unique("smiling lighthouse keeper with a grey beard");
    const { data: result, response } = await openai.images
      .generate({ prompt, model: "flux-schnell", size: "512x256", response_format: "url" })
      .withResponse();
    expect(response.headers.get("x-cache")).toBe("MISS");
    expect(Number(response.headers.get("x-ratelimit-limit"))).toBeGreaterThan(0);
    expect(result.created).toBeGreaterThan(Date.now() / 1000 - 120);
    expect(result.data).toHaveLength(1);
    const image = result.data![0]!;
    expect(image.b64_json).toBeUndefined();
    // The local generator gets the prompt as sent, so there is no revised one.
    expect(image.revised_prompt).toBeUndefined();
    expect(image.url).toMatch(new RegExp(`^${baseURL}/i/.+\\.png$`));
    const fetched = await fetch(image.url!);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("content-type")).toBe("image/png");
    expect(pngSize(Buffer.from(await fetched.arrayBuffer()))).toEqual({ width: 512, height: 256 });
  });

  test("generates with response_format b64_json, and serves the same request again from the cache", async ({
    apiKey,
    baseURL,
  }) => {
    const openai = client(baseURL, (await apiKey()).key);
    const body = {
      prompt: unique("robot gardener"),
      model: "fal-ai/flux/schnell",
      size: "256x256",
      response_format: "b64_json",
      // Our extensions: a fixed seed makes the request repeatable, and so cacheable.
      seed: 1234,
      style: "bottts",
    } as unknown as OpenAI.Images.ImageGenerateParamsNonStreaming;
    const first = await openai.images.generate(body);
    const png = Buffer.from(first.data![0]!.b64_json!, "base64");
    expect(pngSize(png)).toEqual({ width: 256, height: 256 });
    expect(first.data![0]!.url).toBeUndefined();

    const { data: again, response } = await openai.images.generate(body).withResponse();
    expect(response.headers.get("x-cache")).toBe("HIT");
    expect(Buffer.from(again.data![0]!.b64_json!, "base64").equals(png)).toBe(true);
  });

  test("n=2 makes two different images", async ({ apiKey, baseURL }) => {
    const openai = client(baseURL, (await apiKey()).key);
    const result = await openai.images.generate({
      prompt: unique("twin astronauts"),
      n: 2,
      size: "256x256",
      response_format: "b64_json",
    });
    expect(result.data).toHaveLength(2);
    const [a, b] = result.data!.map((d) => Buffer.from(d.b64_json!, "base64"));
    expect(pngSize(a!)).toEqual({ width: 256, height: 256 });
    expect(pngSize(b!)).toEqual({ width: 256, height: 256 });
    expect(a!.equals(b!)).toBe(false);
  });

  test("lists our models in OpenAI's shape, and finds one by an alias", async ({ baseURL }) => {
    const openai = client(baseURL, "unused", { defaultHeaders: { Authorization: null } });
    const ids: string[] = [];
    for await (const model of openai.models.list()) {
      expect(model).toMatchObject({ object: "model", owned_by: "black-forest-labs" });
      ids.push(model.id);
    }
    expect(ids).toEqual(["flux-schnell", "flux-dev"]);
    expect((await openai.models.retrieve("black-forest-labs/flux-dev")).id).toBe("flux-dev");
    const missing = await raised(openai.models.retrieve("dall-e-3"));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ status: 404, code: "model_not_found" });
  });

  test("raises the SDK's own errors for bad input, with the parameter named", async ({
    apiKey,
    baseURL,
  }) => {
    const openai = client(baseURL, (await apiKey()).key);
    const cases: [Partial<OpenAI.Images.ImageGenerateParamsNonStreaming>, ErrorClass, string][] = [
      [{ size: "1000x1001" }, BadRequestError, "size"],
      [{ size: "4096x4096" }, BadRequestError, "size"],
      [{ n: 5 }, BadRequestError, "n"],
      [{ style: "vivid" }, BadRequestError, "style"],
      [{ quality: "hd" }, BadRequestError, "quality"],
      [{ model: "dall-e-3" }, NotFoundError, "model"],
    ];
    for (const [extra, type, param] of cases) {
      const error = await raised(openai.images.generate({ prompt: "a fox", ...extra }));
      expect(error, JSON.stringify(extra)).toBeInstanceOf(type);
      expect(error).toMatchObject({ param, type: "invalid_request_error" });
    }
    const unknown = await raised(openai.images.generate({ prompt: "a fox", model: "dall-e-3" }));
    expect(unknown).toMatchObject({ status: 404, code: "model_not_found" });
  });

  test("answers what no SDK would send in OpenAI's error shape too", async ({
    apiKey,
    request,
  }) => {
    const { key } = await apiKey();
    const cases: [string, string, string | Buffer, number, string][] = [
      ["POST", "/v1/images/generations", "{", 400, "invalid_json"],
      ["POST", "/v1/images/generations", "[1]", 400, "invalid_value"],
      ["POST", "/v1/images/generations", Buffer.alloc(70_000, 32), 413, "payload_too_large"],
      ["POST", "/v1/chat/completions", "{}", 404, "not_found"],
      ["GET", "/v1/models/no-such-model", "", 404, "model_not_found"],
    ];
    for (const [method, path, data, status, code] of cases) {
      const response = await request.fetch(path, {
        method,
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        ...(method === "POST" ? { data: Buffer.from(data) } : {}),
      });
      expect(response.status(), `${method} ${path}`).toBe(status);
      const body = (await response.json()) as { error: Record<string, unknown> };
      expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
      expect(body.error.code).toBe(code);
    }
  });

  test("raises AuthenticationError for a missing, made-up or revoked key", async ({
    apiKey,
    baseURL,
  }) => {
    const prompt = { prompt: "a fox", size: "256x256" } as const;
    const none = client(baseURL, "unused", { defaultHeaders: { Authorization: null } });
    const madeUp = client(baseURL, `lk_live_${"x".repeat(43)}`);
    for (const openai of [none, madeUp]) {
      const error = await raised(openai.images.generate(prompt));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({
        status: 401,
        code: "invalid_api_key",
        type: "invalid_request_error",
      });
    }
    const key = await apiKey();
    await key.revoke();
    const revoked = await raised(client(baseURL, key.key).images.generate(prompt));
    expect(revoked).toBeInstanceOf(AuthenticationError);
    expect(revoked).toMatchObject({ status: 401, code: "key_revoked" });
  });

  test("refuses n images that exceed what is left of the quota as a whole, charging none", async ({
    apiKey,
    baseURL,
  }) => {
    const openai = client(baseURL, (await apiKey({ overrides: { daily_quota: 3 } })).key);
    const ask = (n: number) =>
      openai.images.generate({ prompt: unique("quota owl"), n, size: "128x128" });
    const refused = await raised(ask(4));
    expect(refused).toBeInstanceOf(RateLimitError);
    expect(refused).toMatchObject({ status: 429, code: "insufficient_quota" });
    // A spent quota is not worth the SDK's automatic retries.
    expect((refused as RateLimitError).headers.get("x-should-retry")).toBe("false");
    // Nothing was charged for the refused four: all three are still there.
    expect((await ask(3)).data).toHaveLength(3);
    expect(await raised(ask(1))).toMatchObject({ status: 429, code: "insufficient_quota" });
  });

  test("a retry with the same Idempotency-Key is the first answer replayed, charged once", async ({
    apiKey,
    baseURL,
  }) => {
    const { key } = await apiKey({ overrides: { daily_quota: 5 } });
    const openai = client(baseURL, key);
    const body = {
      prompt: unique("idempotent heron"),
      size: "128x128",
      response_format: "url",
    } as const;
    // The SDK sends no Idempotency-Key of its own; a client passes one per request.
    const retrySafe = { headers: { "Idempotency-Key": "retry-1" } };
    const first = await openai.images.generate(body, retrySafe).withResponse();
    expect(first.response.headers.get("idempotent-replayed")).toBeNull();
    // Both policies, the minute's first; X-RateLimit-* is the minute's.
    expect(first.response.headers.get("ratelimit-policy")).toBe(
      '"minute";q=600;w=60, "day";q=5;w=86400',
    );
    expect(first.response.headers.get("ratelimit")).toMatch(
      /^"minute";r=599;t=\d+, "day";r=4;t=\d+$/,
    );
    expect(first.response.headers.get("x-ratelimit-limit")).toBe("600");

    const again = await openai.images.generate(body, retrySafe).withResponse();
    expect(again.response.headers.get("idempotent-replayed")).toBe("true");
    expect(again.data).toEqual(first.data);
    const limits = await fetch(`${baseURL}/api/v1/me/limits`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(((await limits.json()) as { usage: { used: number } }).usage.used).toBe(1);

    const reused = await raised(
      openai.images.generate({ ...body, prompt: unique("another heron") }, retrySafe),
    );
    expect(reused).toBeInstanceOf(BadRequestError);
    expect(reused).toMatchObject({ status: 400, code: "idempotency_key_reused" });
  });
});

test.describe("CORS on the public API", () => {
  for (const [path, method] of [
    ["/v1/images/generations", "POST"],
    ["/api/v1/generations", "POST"],
  ] as const) {
    test(`answers a preflight of ${method} ${path}`, async ({ request }) => {
      const response = await request.fetch(path, {
        method: "OPTIONS",
        headers: {
          Origin: "https://app.example.com",
          "Access-Control-Request-Method": method,
          "Access-Control-Request-Headers": "authorization, content-type",
        },
      });
      expect(response.status()).toBe(204);
      const headers = response.headers();
      expect(headers["access-control-allow-origin"]).toBe("*");
      expect(headers["access-control-allow-methods"]).toContain(method);
      expect(headers["access-control-allow-headers"]?.toLowerCase()).toContain("authorization");
      expect(headers["access-control-allow-headers"]?.toLowerCase()).toContain("content-type");
      expect(Number(headers["access-control-max-age"])).toBeGreaterThan(0);
      expect(headers["access-control-allow-credentials"]).toBeUndefined();
    });
  }

  test("a page on another origin generates with an API key and reads the answer and its headers", async ({
    apiKey,
    baseURL,
    page,
  }) => {
    const { key } = await apiKey();
    // The app's own page under another origin: localhost rather than 127.0.0.1. Same server, so
    // Chromium's local-network rules stay out of it, but another origin, so CORS applies in full.
    const elsewhere = new URL("/docs/errors", baseURL);
    elsewhere.hostname = "localhost";
    await page.goto(elsewhere.href);
    const seen = await page.evaluate(
      async ({ url, key }) => {
        const response = await fetch(url, {
          method: "POST",
          headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
          body: JSON.stringify({ prompt: "a cross-origin cat", size: "128x128", n: 1 }),
        });
        const body = (await response.json()) as { data: { url: string }[] };
        // The image route is readable from any origin too.
        const image = await fetch(body.data[0]!.url);
        return {
          status: response.status,
          url: body.data[0]?.url,
          cache: response.headers.get("x-cache"),
          image: image.headers.get("content-type"),
        };
      },
      { url: `${baseURL}/v1/images/generations`, key },
    );
    expect(seen.status).toBe(200);
    expect(seen.url).toContain("/i/");
    expect(seen.cache).toBe("MISS");
    expect(seen.image).toBe("image/png");
  });
});
