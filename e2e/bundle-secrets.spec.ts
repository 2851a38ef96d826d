import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "./fixtures";
import { SECRET_CANARIES } from "./secret-canaries";

const distDir = process.env.LIKENESS_DIST_DIR || ".next";

/** What a browser can be sent from the build: client chunks, and prerendered HTML and RSC payloads. */
async function shippedFiles(): Promise<string[]> {
  const found: string[] = [];
  for (const [dir, pattern] of [
    ["static", /\.(js|css|json|txt|map)$/],
    ["server/app", /\.(html|rsc|body|meta)$/],
  ] as const) {
    const entries = await readdir(path.join(distDir, dir), {
      withFileTypes: true,
      recursive: true,
    });
    for (const e of entries) {
      if (e.isFile() && pattern.test(e.name)) found.push(path.join(e.parentPath, e.name));
    }
  }
  return found;
}

async function secrets(): Promise<Record<string, string>> {
  const generated = (await readFile(".data/test/auth-secret", "utf8").catch(() => "")).trim();
  return { ...SECRET_CANARIES, ...(generated ? { "generated AUTH_SECRET": generated } : {}) };
}

function leaksIn(text: string, where: string, values: Record<string, string>): string[] {
  return Object.entries(values).flatMap(([name, value]) =>
    text.includes(value) ? [`${name} in ${where}`] : [],
  );
}

test.describe("secrets", () => {
  test("no server secret is in the build that browsers download", async () => {
    const values = await secrets();
    const files = await shippedFiles();
    expect(files.filter((f) => f.endsWith(".js")).length).toBeGreaterThan(10);
    const leaks: string[] = [];
    for (const file of files) leaks.push(...leaksIn(await readFile(file, "utf8"), file, values));
    expect(leaks).toEqual([]);
  });

  test("no server secret is in the pages the server renders", async ({ request }) => {
    const values = await secrets();
    const leaks: string[] = [];
    for (const page of ["/", "/gallery", "/generate", "/account", "/signin", "/docs/errors"]) {
      const response = await request.get(page);
      expect(response.status(), page).toBeLessThan(500);
      leaks.push(...leaksIn(await response.text(), page, values));
    }
    expect(leaks).toEqual([]);
  });
});
