import path from "node:path";
import { defineConfig } from "vitest/config";
import { integrationEnv } from "./tests/integration/env.ts";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["{lib,workers,scripts,components,dev}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: [
            "{lib,workers,scripts,app}/**/*.int.test.ts",
            "tests/integration/**/*.int.test.ts",
          ],
          environment: "node",
          globalSetup: ["tests/integration/global-setup.ts"],
          env: integrationEnv(),
          // One shared Postgres/Redis/S3: files run one at a time so their data never interleaves.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
