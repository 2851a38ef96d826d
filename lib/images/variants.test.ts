import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { VARIANT_SIZES } from "@/lib/catalog/image-sizes";
import { renderAvatar } from "../providers/local/render";
import { isValidKey } from "@/lib/storage/keys";
import {
  contentKeyFor,
  makeVariants,
  privateKeyFor,
  siblingKey,
  type ContentName,
} from "./variants";

let png: Buffer;
beforeAll(async () => {
  png = await renderAvatar({
    prompt: "red hair, teal background",
    style: "avataaars",
    seed: 9,
    size: 1024,
  });
});

describe("makeVariants", () => {
  it("keeps the original PNG as is, with its dimensions", async () => {
    const v = await makeVariants(png);
    expect(v.original).toEqual({ bytes: png, width: 1024, height: 1024, contentType: "image/png" });
  });

  it.each(VARIANT_SIZES)("webp %i is a WebP of exactly that size", async (size) => {
    const meta = await sharp((await makeVariants(png)).webp[size]!).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", size, size]);
  });

  it("blur placeholder is a tiny WebP data URL", async () => {
    const { blurDataUrl } = await makeVariants(png);
    expect(blurDataUrl).toMatch(/^data:image\/webp;base64,[A-Za-z0-9+/]+=*$/);
    expect(blurDataUrl.length).toBeLessThan(1024);
    const bytes = Buffer.from(blurDataUrl.split(",")[1] ?? "", "base64");
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 16, 16]);
  });

  it("keeps the colours: the 128 px corner is still the teal background", async () => {
    const { data } = await sharp((await makeVariants(png)).webp[128]!)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const [r = 0, g = 0, b = 0] = data;
    // Teal is 2a9d8f; lossy WebP may drift a few levels.
    expect(Math.abs(r - 0x2a) + Math.abs(g - 0x9d) + Math.abs(b - 0x8f)).toBeLessThan(12);
  });

  it("is deterministic: same PNG, same hash, bytes and keys", async () => {
    const [a, b] = await Promise.all([makeVariants(png), makeVariants(png)]);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.sha256).toBe(a.sha256);
    for (const size of VARIANT_SIZES) expect(b.webp[size]!.equals(a.webp[size]!)).toBe(true);
    expect(b.blurDataUrl).toBe(a.blurDataUrl);
    expect(contentKeyFor(b.sha256, "1024.webp")).toBe(contentKeyFor(a.sha256, "1024.webp"));
  });

  it("a different image gets a different hash", async () => {
    const other = await renderAvatar({ prompt: "", style: "avataaars", seed: 10, size: 1024 });
    expect((await makeVariants(other)).sha256).not.toBe((await makeVariants(png)).sha256);
  });

  it("rejects bytes that are not an image", async () => {
    await expect(makeVariants(Buffer.from("not a png"))).rejects.toThrow();
  });

  it("never upscales: a 256 px original gets the 256 and 128 px WebPs only", async () => {
    const small = await sharp(png).resize(256, 256).png().toBuffer();
    const v = await makeVariants(small);
    expect(Object.keys(v.webp).sort()).toEqual(["128", "256"]);
    expect(v.blurDataUrl).toMatch(/^data:image\/webp;base64,/);
  });

  it("keeps the aspect ratio of a non-square original, sizing its longer side", async () => {
    const wide = await sharp(png).resize(768, 512, { fit: "fill" }).png().toBuffer();
    const v = await makeVariants(wide);
    expect(Object.keys(v.webp).sort()).toEqual(["128", "256", "512"]);
    const meta = await sharp(v.webp[512]!).metadata();
    expect([meta.width, meta.height]).toEqual([512, 341]);
  });
});

describe("contentKeyFor", () => {
  const sha = "ab" + "cdef0123456789".repeat(4) + "abcdef";

  it.each<[ContentName, string]>([
    ["original.png", `avatars/ab/${sha}/original.png`],
    ["1024.webp", `avatars/ab/${sha}/1024.webp`],
    ["128.webp", `avatars/ab/${sha}/128.webp`],
  ])("%s → fan-out key", (name, key) => {
    expect(contentKeyFor(sha, name)).toBe(key);
  });

  it.each(["", "abc", sha.toUpperCase(), `${sha}0`, "../" + sha.slice(3)])(
    "rejects %j as a hash",
    (bad) => {
      expect(() => contentKeyFor(bad, "original.png")).toThrow(/SHA-256/);
    },
  );
});

describe("privateKeyFor", () => {
  const sha = "ab".repeat(32);
  const scope = "8d3c5e2a-1b4f-4a6d-9e8c-7f6a5b4c3d2e:9f".padEnd(110, "0");

  it("names a private image by a secret, not by its bytes: the same bytes made publicly differ", () => {
    const key = privateKeyFor(scope, sha, "original.png");
    expect(isValidKey(key)).toBe(true);
    expect(key).toMatch(/^private\/[0-9a-f]{2}\/[0-9a-f]{64}\/original\.png$/);
    expect(key).not.toContain(sha);
    expect(key).not.toBe(contentKeyFor(sha, "original.png"));
    expect(privateKeyFor(`${scope}x`, sha, "original.png")).not.toBe(key);
  });

  it("is the same for the same generation (a retried job overwrites), with variants beside it", () => {
    const key = privateKeyFor(scope, sha, "original.png");
    expect(privateKeyFor(scope, sha, "original.png")).toBe(key);
    expect(siblingKey(key, "256.webp")).toBe(key.replace("original.png", "256.webp"));
    expect(siblingKey(contentKeyFor(sha, "original.png"), "128.webp")).toBe(
      contentKeyFor(sha, "128.webp"),
    );
  });
});
