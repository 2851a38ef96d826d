import { describe, expect, it } from "vitest";
import { AVATAR_STYLES } from "@/lib/catalog/styles";
import { getDiceBearStyle } from "./dicebear";

// lib/catalog/styles.ts copies DiceBear's attribution by hand so the browser bundle stays small; this keeps the
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
