import { describe, expect, it } from "vitest";
import type { GenerationRow } from "@/lib/generations/repository";
import { revisedPrompt } from "./response";

const row = (provider: GenerationRow["provider"], prompt: string) =>
  ({ provider, params: { prompt, style: "bottts" } }) as GenerationRow;

describe("revisedPrompt", () => {
  it.each([
    ["local", "a fox", "a fox", undefined],
    ["local", "a fox", "a  fox", "a fox"],
    ["fal", "a fox", "a fox", "a fox, bottts style avatar, centered portrait"],
    ["replicate", "a fox", "a fox", "a fox, bottts style avatar, centered portrait"],
  ] as const)("%s making %j for %j: %j", (provider, used, sent, expected) => {
    expect(revisedPrompt(row(provider, used), sent)).toBe(expected);
  });
});
