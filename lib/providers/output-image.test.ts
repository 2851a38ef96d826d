import sharp from "sharp";
import { describe, expect, it } from "vitest";
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
