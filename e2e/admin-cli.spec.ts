import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { admin, keyUsage, userWithKey } from "./admin-cli";
import { expect, test } from "./fixtures";

const run = promisify(execFile);

/** curl, as an integrator would call the API: status line last, body before it. */
async function curl(
  ...args: string[]
): Promise<{ status: number; body: { error?: { code: string } } }> {
  const { stdout } = await run("curl", ["-sS", "-w", "\n%{http_code}", ...args]);
  const lines = stdout.trimEnd().split("\n");
  const status = Number(lines.pop());
  return { status, body: JSON.parse(lines.join("\n")) as { error?: { code: string } } };
}

test("ops make an enterprise user and a key; curl generates with it two ways until it is revoked", async ({
  baseURL,
}) => {
  const email = `cli-${randomUUID().slice(0, 8)}@e2e.test`;
  const key = await userWithKey(email, "enterprise");
  expect(key.key).toMatch(/^lk_live_/);
  const body = (prompt: string) =>
    JSON.stringify({ prompt: `${prompt} ${randomUUID().slice(0, 8)}`, width: 256, height: 256 });
  const url = `${baseURL}/api/v1/generations`;
  const json = ["-H", "content-type: application/json"];

  const bearer = await curl(
    ...json,
    "-H",
    `Authorization: Bearer ${key.key}`,
    "-d",
    body("owl"),
    url,
  );
  expect(bearer.status, JSON.stringify(bearer.body)).toBe(202);
  const query = await curl(...json, "-d", body("fox"), `${url}?token=${key.key}`);
  expect(query.status, JSON.stringify(query.body)).toBe(202);
  // Both were charged to the key, and show in the usage ops see.
  expect(await keyUsage(email, key)).toBe(2);

  await admin("key:revoke", "--id", key.id);
  for (const auth of [["-H", `Authorization: Bearer ${key.key}`], []]) {
    const target = auth.length ? url : `${url}?token=${key.key}`;
    const refused = await curl(...json, ...auth, "-d", body("cat"), target);
    expect(refused.status).toBe(401);
    expect(refused.body.error?.code).toBe("key_revoked");
  }
  expect(await keyUsage(email, key)).toBe(2);
});
