import { describe, expect, it } from "vitest";
import { isStorableText } from "./text";

describe("isStorableText", () => {
  it.each(["a fox", "", "émoji 🦊 and 漢字", "tab\tand newline\n", "\uD83E\uDD8A"])(
    "accepts %j",
    (text) => expect(isStorableText(text)).toBe(true),
  );

  it.each([
    "nul \u0000 inside",
    "\u0000",
    "lone high \uD83E",
    "lone low \uDD8A here",
    "\uDD8A\uD83E",
  ])("refuses %j", (text) => expect(isStorableText(text)).toBe(false));
});

describe("every schema whose text reaches PostgreSQL refuses it, naming the field", () => {
  const bad = ["a fox \u0000 in a hat", "a fox \uD83E in a hat"];

  it.each(bad)("the generation prompt, in every dialect: %j", async (prompt) => {
    const { generationInputSchema } = await import("@/lib/generations/input-schema");
    const { parseImageRequest } = await import("@/lib/dialects/openai/request-schema");
    const { pollinationsQuerySchema, toGenerationInput } =
      await import("@/lib/dialects/pollinations/query");
    const native = generationInputSchema.safeParse({ prompt });
    expect(native.success).toBe(false);
    expect(native.error?.issues[0]?.path).toEqual(["prompt"]);
    expect(() => parseImageRequest({ prompt })).toThrow(/'prompt'.*NUL/);
    expect(() => toGenerationInput(prompt, pollinationsQuerySchema.parse({}))).toThrow(
      expect.objectContaining({
        code: "invalid_parameters",
        message: expect.stringMatching(/^prompt:/),
      }),
    );
  });

  it.each(bad)("a webhook URL, a key name and a gallery search: %j", async (text) => {
    const { generationInputSchema } = await import("@/lib/generations/input-schema");
    const { createKeySchema } = await import("@/lib/account/keys");
    const { galleryQuerySchema } = await import("@/lib/gallery/schema");
    const webhook = generationInputSchema.safeParse({
      prompt: "a fox",
      webhook_url: `https://hooks.example.com/${text}`,
    });
    expect(webhook.success).toBe(false);
    expect(createKeySchema.safeParse({ name: text }).error?.issues[0]?.path).toEqual(["name"]);
    expect(galleryQuerySchema.safeParse({ q: text }).error?.issues[0]?.path).toEqual(["q"]);
  });
});
