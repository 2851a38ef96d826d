import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The dependency rules of lib/ that a lint rule cannot see: no import cycle between two files, and
 * no cycle between two domains (lib/<domain>/), so every domain can be read and tested on top of the
 * ones below it. Test files are left out: a test may reach across.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

function resolve(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith("@/")
    ? path.join(ROOT, specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(path.dirname(from), specifier)
      : undefined;
  if (!base) return undefined;
  return [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), base].find(
    (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
  );
}

function graph(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const file of sourceFiles(path.join(ROOT, "lib"))) {
    const targets = new Set<string>();
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const target = resolve(file, specifier!);
      if (target?.startsWith(path.join(ROOT, "lib") + path.sep)) targets.add(target);
    }
    edges.set(file, targets);
  }
  return edges;
}

/** Every cycle's members (strongly connected components of more than one node, or a self-loop). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    order.set(node, index);
    low.set(node, index++);
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node)!, order.get(next)!));
      }
    }
    if (low.get(node) === order.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || edges.get(node)?.has(node)) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!order.has(node)) visit(node);
  return found;
}

const domainOf = (file: string) =>
  path
    .relative(path.join(ROOT, "lib"), file)
    .split(path.sep)[0]!
    .replace(/\.tsx?$/, "");
const relative = (file: string) => path.relative(ROOT, file);

describe("lib/ dependencies", () => {
  const files = graph();

  it("have no import cycle between files", () => {
    expect(cycles(files).map((c) => c.map(relative))).toEqual([]);
  });

  it("have no cycle between domains", () => {
    const domains = new Map<string, Set<string>>();
    for (const [file, targets] of files) {
      const from = domainOf(file);
      const set = domains.get(from) ?? new Set<string>();
      for (const target of targets) if (domainOf(target) !== from) set.add(domainOf(target));
      domains.set(from, set);
    }
    expect(cycles(domains)).toEqual([]);
  });
});
