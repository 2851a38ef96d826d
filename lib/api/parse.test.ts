import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function load() {
  // Without APP_URL, a Host that is not a loopback name gets localhost on the web port.
  vi.stubEnv("PORT", "3000");
  return import("./parse");
}

describe("absoluteUrl", () => {
  it("uses the Host the client sent, not Next's bind hostname", async () => {
    const { absoluteUrl } = await load();
    const request = new Request("http://localhost:3000/api/v1/gallery", {
      headers: { host: "127.0.0.1:3000" },
    });
    expect(absoluteUrl("/i/a.png", request)).toBe("http://127.0.0.1:3000/i/a.png");
  });

  it("prefers APP_URL and leaves absolute URLs alone", async () => {
    vi.stubEnv("APP_URL", "https://likeness.example.com/");
    const { absoluteUrl } = await load();
    const request = new Request("http://localhost:3000/x", { headers: { host: "evil.test" } });
    expect(absoluteUrl("/i/a.png", request)).toBe("https://likeness.example.com/i/a.png");
    expect(absoluteUrl("https://cdn.example.com/a.png", request)).toBe(
      "https://cdn.example.com/a.png",
    );
  });

  it("ignores a malformed Host header", async () => {
    const { absoluteUrl } = await load();
    const request = new Request("http://localhost:3000/x", { headers: { host: "a/b@c" } });
    expect(absoluteUrl("/i/a.png", request)).toBe("http://localhost:3000/i/a.png");
  });
});
