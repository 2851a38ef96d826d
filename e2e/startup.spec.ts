import { spawnSync } from "node:child_process";
import { expect, test } from "./fixtures";

test("the web server refuses to start with an invalid environment, naming the variable", () => {
  const result = spawnSync("node_modules/.bin/next", ["start", "-p", "3109", "-H", "127.0.0.1"], {
    env: { ...process.env, LIKENESS_PROFILE: "test", R2_ACCOUNT_ID: "acct", R2_BUCKET: "b" },
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr + result.stdout).toContain(
    "R2_ACCESS_KEY_ID: is required when R2_ACCOUNT_ID and R2_BUCKET are set",
  );
});
