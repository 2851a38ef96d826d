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
});
