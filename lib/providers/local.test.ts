import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { avatarRequest } from "@/dev/simulator/testing";
import { createLocalProvider } from "./local";
import { ProviderError } from "./types";

describe("local provider", () => {
  it("returns the avatar inline, in the requested format and size, for free", async () => {
    const stages: string[] = [];
    const result = await createLocalProvider().generate(
      avatarRequest({ width: 256, height: 128, format: "webp", seed: 5 }),
      { onProgress: (p) => stages.push(p.stage) },
    );
    expect(result).toMatchObject({ provider: "local", seed: 5, costUsd: 0, nsfw: false });
    if (!("bytes" in result.image)) throw new Error("expected inline bytes");
    expect(result.image.contentType).toBe("image/webp");
    const meta = await sharp(result.image.bytes).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 256, height: 128 });
    expect(stages).toEqual(["generating"]);
  });

  it("refuses a style it cannot draw as a permanent error", async () => {
    const attempt = createLocalProvider().generate(avatarRequest({ style: "oil-painting" }));
    await expect(attempt).rejects.toBeInstanceOf(ProviderError);
    await expect(attempt).rejects.toMatchObject({ kind: "permanent" });
  });
});
