import { describe, expect, it } from "vitest";
import { emailSchema, safeNextPath } from "./sign-in-input";

describe("emailSchema", () => {
  it("trims and lower-cases", () => {
    expect(emailSchema.parse("  Ada.Lovelace@Example.COM ")).toBe("ada.lovelace@example.com");
  });

  it.each(["", "ada", "ada@", "@example.com", "ada@example", "a b@example.com"])(
    "rejects %j",
    (value) => {
      expect(emailSchema.safeParse(value).success).toBe(false);
    },
  );

  it("rejects an address longer than 254 characters", () => {
    expect(emailSchema.safeParse(`${"a".repeat(250)}@example.com`).success).toBe(false);
  });
});

describe("safeNextPath", () => {
  it.each([
    ["/generate", "/generate"],
    ["/gallery?style=micah#top", "/gallery?style=micah#top"],
    ["/gallery/../generate", "/generate"],
  ])("keeps the site path %s", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each([
    undefined,
    null,
    42,
    "",
    "generate",
    "//evil.example/x",
    "/\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\tevil",
    "/signin",
    "/auth/confirm?token=x",
    `/${"a".repeat(600)}`,
  ])("falls back to / for %j", (input) => {
    expect(safeNextPath(input)).toBe("/");
  });

  // Each of these is a way to another host once a browser (or Next's router) normalises the path.
  it.each([
    "/.//evil.example",
    "/..//evil.example",
    "/././/evil.example/x",
    "/a/..//evil.example",
    "/%2F%2Fevil.example",
    "/%2f%2fevil.example",
    "/%252F%252Fevil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example",
    "http:evil.example",
    "/%09/evil.example",
    "/ /evil.example",
    "/%ZZ",
  ])("never leads off the site: %j", (input) => {
    const target = safeNextPath(input);
    expect(target).toBe("/");
    expect(new URL(target, "https://likeness.example.com").host).toBe("likeness.example.com");
  });

  it("is stable: a safe path comes back as it went in", () => {
    for (const input of ["/gallery?style=micah#top", "/generate", "/a/b/../c?q=%2F"]) {
      const once = safeNextPath(input);
      expect(safeNextPath(once)).toBe(once);
    }
  });
});
