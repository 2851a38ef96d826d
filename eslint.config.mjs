import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * Boundaries of the product code (lib/, app/, components/, workers/): each vendor SDK is imported
 * only by its adapter folder, lib/ never reaches up into app/ or components/, and nothing in the
 * product imports the development tools in dev/. Tests may reach across. Cycles between lib/
 * domains are checked by lib/architecture.test.ts.
 */
const VENDORS = {
  "lib/providers": { group: ["@fal-ai/*", "replicate"], name: "the image providers' SDKs" },
  "lib/storage": { group: ["@aws-sdk/*"], name: "the AWS SDK" },
  "lib/supabase": { group: ["@supabase/*"], name: "Supabase's SDKs" },
  "lib/queue": {
    group: ["bullmq", "@bull-board/*", "hono", "hono/*", "@hono/*"],
    name: "BullMQ and its dashboard (bull-board on Hono)",
  },
  "lib/redis": { group: ["ioredis"], name: "ioredis" },
  "lib/db": { group: ["pg"], name: "pg" },
};
const DEV_TOOLS = {
  group: ["@/dev/*", "**/dev/*"],
  message:
    "dev/ holds development tools (the provider simulator, test receivers): the product never imports them.",
};
const UP_FROM_LIB = {
  group: ["@/app/*", "@/components/*", "**/app/*", "**/components/*"],
  message: "lib/ is below app/ and components/: move what both need into lib/.",
};

function restrictedImports({ allowVendorOf, fromLib }) {
  const vendors = Object.entries(VENDORS)
    .filter(([folder]) => folder !== allowVendorOf)
    .map(([folder, { group, name }]) => ({
      group,
      message: `Only ${folder}/ imports ${name}; use that adapter.`,
    }));
  return ["error", { patterns: [...vendors, DEV_TOOLS, ...(fromLib ? [UP_FROM_LIB] : [])] }];
}

const TESTS = ["**/*.test.ts", "**/*.test.tsx"];
const PRODUCT = ["app/**", "components/**", "workers/**", "proxy.ts", "instrumentation.ts"];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    ".next-test/**",
    ".next-bench/**",
    ".data/**",
    "node_modules/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
  ]),
  {
    rules: {
      // Avatars are served as pre-sized WebP variants with srcset; next/image's optimizer would only re-encode them.
      "@next/next/no-img-element": "off",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: PRODUCT,
    ignores: TESTS,
    rules: { "no-restricted-imports": restrictedImports({ fromLib: false }) },
  },
  {
    files: ["lib/**"],
    ignores: TESTS,
    rules: { "no-restricted-imports": restrictedImports({ fromLib: true }) },
  },
  ...Object.keys(VENDORS).map((folder) => ({
    files: [`${folder}/**`],
    ignores: TESTS,
    rules: { "no-restricted-imports": restrictedImports({ allowVendorOf: folder, fromLib: true }) },
  })),
  {
    // Server code logs through lib/observability/log.ts (structured, with the request's id).
    files: ["lib/**", "workers/**", "app/**/route.ts", "app/**/actions.ts"],
    ignores: TESTS,
    rules: { "no-console": "error" },
  },
  {
    // Playwright fixtures receive a `use` callback that the React hooks rule mistakes for React's use().
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
]);
