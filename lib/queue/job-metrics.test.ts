import { describe, expect, it } from "vitest";
import { PRIORITY } from "./contract";
import { laneOf } from "./job-metrics";

describe("laneOf", () => {
  it.each([
    [PRIORITY.enterprise, "enterprise"],
    [PRIORITY.premium, "premium"],
    [PRIORITY.free, "free"],
    [PRIORITY.anonymous, "anonymous"],
    [PRIORITY.batch, "batch"],
    [undefined, "none"],
    [0, "none"],
    [7, "other"],
  ])("priority %s waits in the %s lane", (priority, lane) => {
    expect(laneOf(priority)).toBe(lane);
  });
});
