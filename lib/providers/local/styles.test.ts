import { describe, expect, it } from "vitest";
import { getDiceBearStyle } from "./dicebear";
import { AVATAR_STYLE_IDS, AVATAR_STYLES, getAvatarStyle, isAvatarStyleId } from "./styles";

// styles.ts copies DiceBear's attribution by hand so the browser bundle stays small; this keeps the
// copy honest when @dicebear/collection is upgraded.
describe("AVATAR_STYLES attribution", () => {
  it.each(AVATAR_STYLES.map((s) => [s.id, s] as const))(
    "%s matches DiceBear's meta",
    (id, style) => {
      const meta = getDiceBearStyle(id).meta;
      expect({ creator: style.creator, source: style.source, license: style.license }).toEqual({
        creator: meta?.creator,
        source: meta?.source,
        license: { name: meta?.license?.name, url: meta?.license?.url },
      });
    },
  );
});

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
