import { describe, expect, it } from "vitest";
import { contentEtag, ifNoneMatchMatches } from "./conditional";

const sha = "ab".repeat(32);

describe("conditional requests", () => {
  it("uses the content hash of a content-addressed key as a strong ETag", () => {
    expect(contentEtag(`avatars/ab/${sha}/original.png`)).toBe(`"${sha}"`);
    expect(contentEtag("other/key.png")).toMatch(/^"[0-9a-f]{64}"$/);
    expect(contentEtag("other/key.png")).not.toBe(contentEtag("other/key2.png"));
  });

  const cases: [string | null, boolean][] = [
    [`"${sha}"`, true],
    [`W/"${sha}"`, true],
    [`"nope", "${sha}"`, true],
    ["*", true],
    ['"nope"', false],
    [null, false],
  ];
  it.each(cases)("If-None-Match %s matches: %s", (header, expected) => {
    expect(ifNoneMatchMatches(header, `"${sha}"`)).toBe(expected);
  });
});
