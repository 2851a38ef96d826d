import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { fitToSize } from "./fit-size";

async function png(width: number, height: number) {
  const bytes = await sharp({
    create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } },
  })
    .png()
    .toBuffer();
  return { png: bytes, width, height };
}

describe("fitToSize", () => {
  it("brings a larger provider image down to the size asked for", async () => {
    const fitted = await fitToSize(await png(512, 512), 256, 256);
    expect(fitted).toMatchObject({ width: 256, height: 256 });
    expect(await sharp(fitted.png).metadata()).toMatchObject({
      format: "png",
      width: 256,
      height: 256,
    });
  });

  it("crops rather than distorts when the aspect ratio only approximates the request", async () => {
    const fitted = await fitToSize(await png(1024, 768), 640, 512);
    expect(await sharp(fitted.png).metadata()).toMatchObject({ width: 640, height: 512 });
  });

  it("keeps an image of the right size untouched", async () => {
    const image = await png(256, 256);
    expect((await fitToSize(image, 256, 256)).png).toBe(image.png);
  });
});
