import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";
import { DOC_EXAMPLES, type DocExample, renderExample } from "../lib/docs/examples";
import { userWithKey } from "./admin-cli";
import { expect, test } from "./fixtures";

// Every example /docs shows, run as a reader would run it: the bash ones with bash and curl, the
// JavaScript ones with node (from a folder inside the repo, so `import "openai"` resolves), and the
// HTML ones in Chromium. Each has a check of what the reader would look at.

const run = promisify(execFile);
const ROOT = path.resolve("test-results/docs-examples");

interface Ran {
  stdout: string;
  dir: string;
}

async function runExample(example: DocExample, code: string, page: Page): Promise<Ran> {
  const dir = path.join(ROOT, example.id);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  if (example.language === "html") {
    await page.setContent(`<!doctype html><body>${code}</body>`);
    await page.waitForFunction(() => [...document.images].every((i) => i.complete), undefined, {
      timeout: 30_000,
    });
    const widths = await page.$$eval("img", (imgs) => imgs.map((i) => i.naturalWidth));
    return { stdout: JSON.stringify(widths), dir };
  }
  const file = path.join(dir, example.language === "js" ? "example.mjs" : "example.sh");
  await writeFile(file, code);
  const [cmd, args] = example.language === "js" ? ["node", [file]] : ["bash", ["-e", file]];
  const { stdout } = await run(cmd, args, { cwd: dir, timeout: 60_000 });
  return { stdout: stdout.trim(), dir };
}

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function fetchPng(url: string): Promise<Buffer> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** What the reader of each example sees, checked. */
const CHECKS: Record<string, (ran: Ran) => Promise<void>> = {
  "native-curl": async ({ stdout }) => {
    const body = JSON.parse(stdout) as { id: string; status: string; events_url: string };
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(["queued", "running", "succeeded"]).toContain(body.status);
  },
  "native-fetch": async ({ stdout }) => {
    const [status, url] = stdout.split(" ");
    expect(status).toBe("succeeded");
    expect(pngSize(await fetchPng(url!))).toEqual({ width: 512, height: 512 });
  },
  "native-public": async ({ stdout }) => {
    const body = JSON.parse(stdout) as { id: string; private: boolean };
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.private).toBe(false);
  },
  "openai-sdk-url": async ({ stdout }) => {
    expect(pngSize(await fetchPng(stdout))).toEqual({ width: 512, height: 512 });
  },
  "openai-sdk-b64": async ({ stdout, dir }) => {
    expect(stdout).toBe("saved 2 avatars");
    const [a, b] = await Promise.all(
      [0, 1].map((i) => readFile(path.join(dir, `avatar-${i}.png`))),
    );
    expect(pngSize(a!)).toEqual({ width: 256, height: 256 });
    expect(pngSize(b!)).toEqual({ width: 256, height: 256 });
    expect(a!.equals(b!), "n=2 gives two different avatars").toBe(false);
  },
  "openai-curl": async ({ stdout }) => {
    const body = JSON.parse(stdout) as { created: number; data: { url: string }[] };
    expect(body.data).toHaveLength(1);
    expect(pngSize(await fetchPng(body.data[0]!.url))).toEqual({ width: 512, height: 512 });
  },
  "openai-models": async ({ stdout }) => {
    const body = JSON.parse(stdout) as { object: string; data: { id: string }[] };
    expect(body.object).toBe("list");
    expect(body.data.map((m) => m.id)).toEqual(
      expect.arrayContaining(["flux-schnell", "flux-dev"]),
    );
  },
  "pollinations-curl": async ({ dir }) => {
    const bytes = await readFile(path.join(dir, "avatar.png"));
    expect(pngSize(bytes)).toEqual({ width: 512, height: 512 });
  },
  "pollinations-img": async ({ stdout }) => {
    expect(JSON.parse(stdout)).toEqual([256]);
  },
  "pollinations-models": async ({ stdout }) => {
    expect(JSON.stringify(JSON.parse(stdout))).toContain("flux");
  },
  "gallery-similar": async ({ stdout }) => {
    const body = JSON.parse(stdout) as {
      data: { prompt: string; tags: string[]; images: { png: string } }[];
    };
    expect(body.data.length).toBeGreaterThanOrEqual(1);
    expect(body.data.length).toBeLessThanOrEqual(3);
    for (const a of body.data)
      expect(`${a.prompt} ${a.tags.join(" ")}`).toMatch(/glass|smil|person/);
    expect(pngSize(await fetchPng(body.data[0]!.images.png))).toEqual({
      width: 1024,
      height: 1024,
    });
  },
  "pollinations-feed": async ({ stdout }) => {
    // The feed replays recent public avatars: the ones the examples above just made are among them.
    expect(stdout).toMatch(/ https?:\/\/\S+$/);
  },
};

test.describe("the examples on /docs", () => {
  let apiKey: string;

  test.beforeAll(async () => {
    apiKey = (await userWithKey(`docs-${randomUUID().slice(0, 8)}@e2e.test`, "enterprise")).key;
  });

  test("the page shows each example with this app's address", async ({ page, baseURL }) => {
    await page.goto("/");
    await page.getByTestId("footer-api-docs").click();
    await expect(page).toHaveURL(/\/docs$/);
    const shown = page.getByTestId("docs-example");
    await expect(shown).toHaveCount(DOC_EXAMPLES.length);
    for (const example of DOC_EXAMPLES) {
      const code = page.locator(`[data-example="${example.id}"] [data-testid="docs-example-code"]`);
      await expect(code).toHaveText(renderExample(example, baseURL!, "YOUR_API_KEY"));
    }
  });

  test("every example has a check", () => {
    expect(Object.keys(CHECKS).sort()).toEqual(DOC_EXAMPLES.map((e) => e.id).sort());
  });

  for (const example of DOC_EXAMPLES) {
    test(`${example.id}: ${example.title}`, async ({ page, baseURL }) => {
      test.setTimeout(90_000);
      const ran = await runExample(example, renderExample(example, baseURL!, apiKey), page);
      await CHECKS[example.id]!(ran);
    });
  }
});
