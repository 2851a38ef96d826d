// The servers' logs of the whole e2e run (reports/logs/<server>.log, written by e2e/serve-logged.sh):
// one request id follows a generation from the web to the worker and its provider call, and no line
// holds a secret or a full API key. Runs last (the "logs" project), after every other test.
import { readFile, readdir } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { userWithKey } from "./admin-cli";
import { expect, generateAndWait, test } from "./fixtures";
import { SECRET_CANARIES } from "./secret-canaries";
import { METRICS } from "../playwright.config";

const LOGS = "reports/logs";

async function logLines(server: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path.join(LOGS, `${server}.log`), "utf8");
  return text.split("\n").flatMap((line) => {
    if (!line.startsWith("{")) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

test.describe("server logs", () => {
  test("one request id follows a generation from the web request to the worker's provider call", async ({
    request,
  }) => {
    const made = await generateAndWait(request, {
      prompt: `log trail robot ${randomUUID().slice(0, 8)}`,
      style: "bottts",
    });
    expect(made.status).toBe("succeeded");
    expect(made.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const about = (lines: Record<string, unknown>[]) =>
      lines.filter((l) => l.requestId === made.requestId);

    await expect
      .poll(async () => about(await logLines("web")).map((l) => l.msg))
      .toContain("generation queued");
    await expect
      .poll(async () => about(await logLines("worker")).map((l) => l.msg))
      .toContain("provider call");
    const call = about(await logLines("worker")).find((l) => l.msg === "provider call")!;
    expect(call).toMatchObject({ generationId: made.id, provider: "local", outcome: "succeeded" });
    for (const line of [...about(await logLines("web")), ...about(await logLines("worker"))]) {
      expect(line.generationId ?? made.id).toBe(made.id);
    }
  });

  test("no line holds a secret, a webhook signing secret or a full API key", async ({
    request,
  }) => {
    // A key used every way a key is sent (header, query, body), and a well-formed unknown one.
    const { key } = await userWithKey(`logs-${randomUUID().slice(0, 8)}@e2e.test`, "enterprise");
    const auth = { authorization: `Bearer ${key}` };
    expect((await request.get("/api/v1/me/limits", { headers: auth })).status()).toBe(200);
    expect((await request.get(`/prompt/log%20key%20robot?token=${key}&seed=3`)).status()).toBe(200);
    await request.post("/api/v1/generations", {
      data: { prompt: "log key robot", style: "bottts", seed: 4, token: key },
    });
    const unknown = `lk_live_${"x".repeat(43)}`;
    expect(
      (
        await request.get("/api/v1/me/limits", { headers: { authorization: `Bearer ${unknown}` } })
      ).status(),
    ).toBe(401);

    const generated = (await readFile(".data/test/auth-secret", "utf8").catch(() => "")).trim();
    const secrets: Record<string, string> = {
      ...SECRET_CANARIES,
      METRICS_TOKEN: METRICS.token,
      "API key made in this test": key,
      ...(generated ? { "generated AUTH_SECRET": generated } : {}),
    };
    const patterns: Record<string, RegExp> = {
      // More than the 12-character display prefix (lk_live_ and four) is more than is ever shown.
      "an API key": /lk_live_[0-9A-Za-z]{5,}/,
      "a webhook signing secret": /whsec_[A-Za-z0-9+/]{16,}/,
    };

    const files = (await readdir(LOGS)).filter((f) => f.endsWith(".log"));
    expect(files.sort()).toEqual(
      ["cloud-web", "cloud-worker", "simulator", "web", "worker"].map((s) => `${s}.log`),
    );
    const leaks: string[] = [];
    let lines = 0;
    for (const file of files) {
      const text = await readFile(path.join(LOGS, file), "utf8");
      for (const [n, line] of text.split("\n").entries()) {
        lines++;
        for (const [name, value] of Object.entries(secrets)) {
          if (line.includes(value)) leaks.push(`${file}:${n + 1}: ${name}`);
        }
        for (const [name, pattern] of Object.entries(patterns)) {
          if (pattern.test(line)) leaks.push(`${file}:${n + 1}: ${name}`);
        }
      }
    }
    expect(lines, "the servers logged something").toBeGreaterThan(50);
    expect(leaks).toEqual([]);
  });
});
