import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";
import { galleryQuerySchema } from "./schema";
import { toPrefixTsquery } from "./page-query";

describe("gallery cursor", () => {
  it("round-trips ids", () => {
    for (const id of [1, 42, 99_999, 2 ** 40]) expect(decodeCursor(encodeCursor(id))).toBe(id);
  });

  it.each([
    "",
    "garbage",
    "Zzzz",
    "g1:12",
    Buffer.from("g1:-5").toString("base64url"),
    Buffer.from("g1:0").toString("base64url"),
    "a".repeat(41),
  ])("rejects %j", (cursor) => expect(decodeCursor(cursor)).toBeNull());
});

describe("gallery query schema", () => {
  it("applies defaults", () => {
    expect(galleryQuerySchema.parse({})).toEqual({ limit: 24 });
    expect(galleryQuerySchema.parse({ q: "  " })).toEqual({ limit: 24 });
  });

  it.each([
    [{ style: "nope" }, "style"],
    [{ limit: "0" }, "limit"],
    [{ limit: "10000" }, "limit"],
    [{ limit: "2.5" }, "limit"],
    [{ limit: "abc" }, "limit"],
    [{ cursor: "garbage" }, "cursor"],
    [{ q: "x".repeat(201) }, "q"],
  ])("rejects %j on %s", (input, path) => {
    const result = galleryQuerySchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([path]);
  });
});

describe("toPrefixTsquery", () => {
  it.each([
    ["red gla", "red:* & gla:*"],
    ["Smiling!", "smiling:*"],
    ["a & b | !c", "a:* & b:* & c:*"],
    ["':*()", null],
  ])("%j → %j", (input, expected) => expect(toPrefixTsquery(input)).toBe(expected));
});
