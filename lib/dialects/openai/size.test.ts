import { describe, expect, it } from "vitest";
import { parseSize } from "./size";

describe("parseSize", () => {
  it.each([
    ["1024x1024", { width: 1024, height: 1024 }],
    ["512x768", { width: 512, height: 768 }],
    ["64x2048", { width: 64, height: 2048 }],
    [" 256X256 ", { width: 256, height: 256 }],
    ["auto", { width: 1024, height: 1024 }],
  ])("%j → %j", (value, size) => {
    expect(parseSize(value)).toEqual(size);
  });

  it.each([
    ["1024", "WIDTHxHEIGHT"],
    ["1024*1024", "WIDTHxHEIGHT"],
    ["big", "WIDTHxHEIGHT"],
    ["-8x64", "WIDTHxHEIGHT"],
    ["56x64", "from 64 to 2048"],
    ["4096x1024", "from 64 to 2048"],
    ["1004x1000", "multiple of 8"],
    ["1792x2056", "multiple of 8"],
  ])("refuses %j saying %s", (value, reason) => {
    const result = parseSize(value);
    expect(result).toHaveProperty("error");
    expect((result as { error: string }).error).toContain(reason);
  });
});
