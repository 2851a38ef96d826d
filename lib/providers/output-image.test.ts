import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { fromEndpoint } from "./output";
import { outputAsPng } from "./output-image";
import { ProviderError, type ProviderResult } from "./types";

const result = (bytes: Buffer): ProviderResult => ({
  provider: "fal",
  model: "flux-schnell",
  image: { bytes, contentType: "image/png" },
  seed: 1,
  width: 96,
  height: 64,
  latencyMs: 1,
  costUsd: 0,
  nsfw: false,
});

const red = (format: "png" | "jpeg") =>
  sharp({ create: { width: 96, height: 64, channels: 3, background: "#c00" } })
    [format]()
    .toBuffer();

describe("outputAsPng", () => {
  it("keeps a PNG as it came, with its size", async () => {
    const png = await red("png");
    const out = await outputAsPng(result(png));
    expect(out.png).toBe(png);
    expect([out.width, out.height]).toEqual([96, 64]);
  });

  it("converts another format to PNG", async () => {
    const out = await outputAsPng(result(await red("jpeg")));
    expect((await sharp(out.png).metadata()).format).toBe("png");
  });

  it("refuses a truncated PNG as a retryable provider failure", async () => {
    const png = await red("png");
    const error = await outputAsPng(result(png.subarray(0, png.length - 20))).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "retryable" });
  });

  it("refuses bytes that are not an image", async () => {
    await expect(outputAsPng(result(Buffer.from("<html>oops</html>")))).rejects.toMatchObject({
      kind: "retryable",
    });
  });
});

describe("outputAsPng of an output URL", () => {
  /** A provider endpoint on loopback (like the simulator) serving one PNG. */
  async function endpoint() {
    const png = await red("png");
    let hits = 0;
    const server = createServer((_, res) => {
      hits += 1;
      res.writeHead(200, { "content-type": "image/png" }).end(png);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      origin,
      hits: () => hits,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }
  const urlResult = (url: string): ProviderResult => ({
    ...result(Buffer.alloc(0)),
    image: { url },
  });

  it("downloads from the endpoint the adapter was configured with, though it is loopback", async () => {
    const server = await endpoint();
    try {
      const trusted = fromEndpoint(urlResult(`${server.origin}/files/a.png`), server.origin);
      expect((await outputAsPng(trusted)).width).toBe(96);
    } finally {
      await server.close();
    }
  });

  it("refuses a loopback or metadata URL from an endpoint it was not configured with", async () => {
    const server = await endpoint();
    try {
      for (const url of [`${server.origin}/files/a.png`, "http://169.254.169.254/latest/a.png"]) {
        const error = await outputAsPng(fromEndpoint(urlResult(url), undefined)).catch((e) => e);
        expect(error).toBeInstanceOf(ProviderError);
        expect(error).toMatchObject({ kind: "retryable" });
        expect(String(error.message)).toMatch(/loopback|link-local/);
      }
      expect(server.hits()).toBe(0);
    } finally {
      await server.close();
    }
  });
});
