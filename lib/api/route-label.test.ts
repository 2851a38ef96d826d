import { describe, expect, it } from "vitest";
import { dialectOf, routePattern } from "./route-label";

describe("routePattern", () => {
  it.each([
    ["/api/health", {}, "/api/health"],
    ["/", {}, "/"],
    ["/api/v1/generations/4f0c-a1/events", { id: "4f0c-a1" }, "/api/v1/generations/[id]/events"],
    ["/api/v1/generations/4f0c-a1", { id: "4f0c-a1" }, "/api/v1/generations/[id]"],
    // The prompt is the decoded catch-all: its raw segments are replaced, however they are spelt.
    [
      "/prompt/smiling%20robot/with%2Fslash",
      { prompt: ["smiling robot", "with/slash"] },
      "/prompt/[...prompt]",
    ],
    ["/prompt/a+b", { prompt: ["a+b"] }, "/prompt/[...prompt]"],
    ["/i/gen/ab/cd.webp", { key: ["gen", "ab", "cd.webp"] }, "/i/[...key]"],
    ["/v1/unknown/thing", { path: ["unknown", "thing"] }, "/v1/[...path]"],
    [
      "/v1/models/black-forest-labs/flux",
      { id: ["black-forest-labs", "flux"] },
      "/v1/models/[...id]",
    ],
    ["/api/v1/account/keys/k%201", { id: "k 1" }, "/api/v1/account/keys/[id]"],
  ])("%s with %j is %s", (path, params, pattern) => {
    expect(routePattern(path, params)).toBe(pattern);
  });

  it("keeps no trace of the values, so each route is one label whatever it is called with", () => {
    const ids = ["a1", "b2", "c3"].map((id) =>
      routePattern(`/api/v1/gallery/${id}/download`, { id }),
    );
    expect(new Set(ids)).toEqual(new Set(["/api/v1/gallery/[id]/download"]));
  });
});

describe("dialectOf", () => {
  it.each([
    ["/api/v1/generations", "native"],
    ["/api/v1/gallery", "native"],
    ["/v1/images/generations", "openai"],
    ["/v1/[...path]", "openai"],
    ["/prompt/[...prompt]", "pollinations"],
    ["/models", "pollinations"],
    ["/api/health", "other"],
    ["/i/[...key]", "other"],
  ])("%s is %s", (route, dialect) => {
    expect(dialectOf(route)).toBe(dialect);
  });
});
