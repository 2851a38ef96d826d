import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutboundUrlError, ResponseTooLargeError, safeFetch } from "./safe-fetch";
import type { ResolveAll } from "./ssrf";

let server: Server;
let port: number;
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits += 1;
    if (req.url === "/redirect") {
      res.writeHead(302, { location: "http://169.254.169.254/" }).end();
    } else if (req.url === "/big") {
      res.end(Buffer.alloc(4096, 1));
    } else {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => res.writeHead(201).end(`got ${req.method} ${body}`));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("safeFetch", () => {
  it("reaches an allow-listed loopback receiver, and nothing else on loopback", async () => {
    const policy = { allowedHosts: [`127.0.0.1:${port}`] };
    const response = await safeFetch(`http://127.0.0.1:${port}/hook`, {
      policy,
      method: "POST",
      body: "hello",
    });
    expect(response.status).toBe(201);
    expect(response.body.toString()).toBe("got POST hello");
    const before = hits;
    await expect(
      safeFetch(`http://127.0.0.1:${port}/hook`, { policy: { allowedHosts: [] } }),
    ).rejects.toBeInstanceOf(OutboundUrlError);
    expect(hits).toBe(before);
  });

  it("does not follow redirects", async () => {
    const response = await safeFetch(`http://127.0.0.1:${port}/redirect`, {
      policy: { allowedHosts: [`127.0.0.1:${port}`] },
    });
    expect(response.status).toBe(302);
  });

  it("caps the response size", async () => {
    await expect(
      safeFetch(`http://127.0.0.1:${port}/big`, {
        policy: { allowedHosts: [`127.0.0.1:${port}`] },
        maxBytes: 1000,
      }),
    ).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it("refuses a name that re-resolves to loopback at connect time (DNS rebinding)", async () => {
    let calls = 0;
    // Public for the first check, loopback by the time the socket looks it up.
    const rebinding: ResolveAll = async () => {
      calls += 1;
      return [{ address: calls === 1 ? "93.184.216.34" : "127.0.0.1", family: 4 }];
    };
    const before = hits;
    const error = await safeFetch(`http://rebind.example.com:${port}/hook`, {
      policy: { allowedHosts: [], resolve: rebinding },
      timeoutMs: 3_000,
    }).catch((e: unknown) => e);
    expect(calls).toBe(2);
    expect(String((error as Error & { cause?: unknown }).cause ?? error)).toMatch(
      /resolves to 127\.0\.0\.1, a loopback/,
    );
    expect(hits).toBe(before);
  });
});
