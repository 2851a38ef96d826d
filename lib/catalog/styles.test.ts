import { describe, expect, it } from "vitest";
import { AVATAR_STYLE_IDS, AVATAR_STYLES, getAvatarStyle, isAvatarStyleId } from "./styles";

describe("style ids", () => {
  it("are unique and resolve to their style", () => {
    expect(new Set(AVATAR_STYLE_IDS).size).toBe(AVATAR_STYLES.length);
    for (const id of AVATAR_STYLE_IDS) expect(getAvatarStyle(id).id).toBe(id);
  });

  it.each([
    ["avataaars", true],
    ["pixel-art", true],
    ["pixelArt", false],
    ["initials", false],
    ["", false],
  ])("isAvatarStyleId(%j) is %s", (value, expected) => {
    expect(isAvatarStyleId(value)).toBe(expected);
  });
});
