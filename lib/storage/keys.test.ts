import { describe, expect, it } from "vitest";
import { assertValidKey, contentTypeForKey, isValidKey } from "./keys";

describe("object keys", () => {
  it.each(["avatars/ab/abcdef/1024.webp", "a", "x/y_z-1.2.png"])("accepts %s", (key) => {
    expect(assertValidKey(key)).toBe(key);
  });

  it.each([
    ["", "empty"],
    ["/etc/passwd", "absolute"],
    ["../secret", "traversal"],
    ["a/../../b", "traversal"],
    ["a/./b", "traversal"],
    ["a//b", "bad segment"],
    ["a\\..\\b", "bad segment"],
    [".env", "bad segment"],
    ["a/\u0000b", "bad segment"],
    ["a".repeat(513), "longer than"],
  ])("rejects %j (%s)", (key, reason) => {
    expect(isValidKey(key)).toBe(false);
    expect(() => assertValidKey(key)).toThrow(reason);
  });

  it("maps extensions to content types", () => {
    expect(contentTypeForKey("a/b.webp")).toBe("image/webp");
    expect(contentTypeForKey("a/b.PNG")).toBe("image/png");
    expect(contentTypeForKey("a/b")).toBe("application/octet-stream");
  });
});
