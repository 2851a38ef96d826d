import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./document";

/** Where the App Router serves a documented path ({id} → [id], the prompt → [...prompt]). */
function routeFile(path: string): string {
  const rewritten = path === "/feed" ? "/api/v1/feed" : path; // next.config.ts rewrites by Accept
  const segments = rewritten
    .split("/")
    .filter(Boolean)
    .map((s) => (s === "{prompt}" ? "[...prompt]" : s.replace(/^\{(.+)\}$/, "[$1]")));
  return ["app", ...segments, "route.ts"].join("/");
}

describe("the OpenAPI document", () => {
  const doc = openApiDocument();
  const paths = Object.entries(doc.paths ?? {});

  it("documents every dialect", () => {
    expect(paths.length).toBeGreaterThanOrEqual(11);
  });

  it.each(paths.map(([path]) => path))("documents %s, which a route serves", (path) => {
    expect(existsSync(routeFile(path)), routeFile(path)).toBe(true);
    const operations = Object.values(doc.paths![path]!) as { responses?: object }[];
    for (const op of operations) expect(Object.keys(op.responses ?? {})).toContain("200");
  });
});
