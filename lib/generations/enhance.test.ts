import { describe, expect, it } from "vitest";
import { AVATAR_STYLE_IDS } from "@/lib/catalog/styles";
import { enhancePrompt } from "./enhance";

describe("enhancePrompt", () => {
  it("keeps the person's prompt first and adds a different expansion per style", () => {
    const expanded = AVATAR_STYLE_IDS.map((style) => enhancePrompt(" a fox ", style));
    for (const text of expanded) expect(text.startsWith("a fox, ")).toBe(true);
    expect(new Set(expanded).size).toBe(AVATAR_STYLE_IDS.length);
  });

  it("is deterministic, so one URL stays one cache entry", () => {
    expect(enhancePrompt("a fox", "micah")).toBe(enhancePrompt("a fox", "micah"));
  });
});
