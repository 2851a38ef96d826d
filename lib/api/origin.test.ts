import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function load(env: Record<string, string> = {}) {
  for (const [name, value] of Object.entries({ PORT: "3000", ...env })) vi.stubEnv(name, value);
  return import("./origin");
}

const to = (host: string, url = "http://localhost:3000/api/v1/generations") =>
  new Request(url, { headers: { host } });

describe("publicOrigin", () => {
  it.each([
    ["localhost:3000", "http://localhost:3000"],
    ["127.0.0.1:9100", "http://127.0.0.1:9100"],
    ["[::1]:3000", "http://[::1]:3000"],
    ["LOCALHOST", "http://localhost"],
  ])("answers a loopback Host %s with its own origin", async (host, expected) => {
    const { publicOrigin } = await load();
    expect(publicOrigin(to(host))).toBe(expected);
  });

  it.each([
    "evil.example",
    "evil.example:3000",
    "localhost.evil.example",
    "127.0.0.1.evil.example",
    "127.0.0.1:3000@evil.example",
    "a/b@c",
    "",
  ])("never reflects the Host %j: it gets localhost on the web port", async (host) => {
    const { publicOrigin, absoluteUrl } = await load({ PORT: "9100" });
    expect(publicOrigin(to(host))).toBe("http://localhost:9100");
    expect(absoluteUrl("/i/a.png", to(host))).toBe("http://localhost:9100/i/a.png");
  });

  it("is APP_URL alone when set, in production as in development", async () => {
    for (const NODE_ENV of ["production", "development"]) {
      vi.resetModules();
      const { publicOrigin, originVariesByHost } = await load({
        NODE_ENV,
        APP_URL: "https://likeness.example.com/",
      });
      for (const host of ["evil.example", "127.0.0.1:3000"]) {
        expect(publicOrigin(to(host))).toBe("https://likeness.example.com");
      }
      expect(originVariesByHost()).toBe(false);
    }
  });

  it("varies by Host without APP_URL, and reads pages' headers the same way", async () => {
    const { publicOriginOfHeaders, originVariesByHost } = await load();
    expect(originVariesByHost()).toBe(true);
    expect(publicOriginOfHeaders(new Headers({ host: "127.0.0.1:3000" }))).toBe(
      "http://127.0.0.1:3000",
    );
    expect(
      publicOriginOfHeaders(new Headers({ host: "evil.example", "x-forwarded-proto": "https" })),
    ).toBe("http://localhost:3000");
  });
});

describe("isAppOrigin", () => {
  it.each([
    ["http://127.0.0.1:3000", "127.0.0.1:3000", true],
    ["http://localhost:3000", "localhost:3000", true],
    ["http://localhost:8080", "localhost:3000", false],
    ["http://127.0.0.1:3000", "localhost:3000", false],
    ["http://evil.example", "127.0.0.1:3000", false],
    ["http://127.0.0.1:3000.evil.example", "127.0.0.1:3000", false],
    ["http://127.0.0.1:3000/", "127.0.0.1:3000", false],
    ["null", "127.0.0.1:3000", false],
    ["", "127.0.0.1:3000", false],
    ["http://evil.example", "evil.example", false],
    ["http://localhost:3000", "evil.example", true],
  ])("%j sent to Host %s: %s", async (claimed, host, expected) => {
    const { isAppOrigin } = await load();
    expect(isAppOrigin(claimed, to(host))).toBe(expected);
  });

  it("in production with APP_URL, is APP_URL only", async () => {
    const { isAppOrigin } = await load({
      NODE_ENV: "production",
      APP_URL: "https://likeness.example.com",
    });
    expect(isAppOrigin("https://likeness.example.com", to("likeness.example.com"))).toBe(true);
    expect(isAppOrigin("http://localhost:3000", to("localhost:3000"))).toBe(false);
  });

  it("in development with APP_URL, also accepts the loopback origin the page was loaded from", async () => {
    const { isAppOrigin } = await load({
      NODE_ENV: "development",
      APP_URL: "https://likeness.example.com",
    });
    expect(isAppOrigin("http://localhost:3000", to("localhost:3000"))).toBe(true);
    expect(isAppOrigin("http://localhost:3001", to("localhost:3000"))).toBe(false);
  });
});
