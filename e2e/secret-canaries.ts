/**
 * Secret-shaped values for the server-only secrets, put in the environment of the test build
 * (scripts/test.sh runs `env $(tsx e2e/secret-canaries.ts) next build`) and used as the real keys
 * and AUTH_SECRET of the e2e cloud instance (playwright.config.ts). bundle-secrets.spec.ts fails if
 * any of them, or the generated AUTH_SECRET file, reached what browsers download; logs.spec.ts if
 * any reached a server's log. NEXT_PUBLIC_* values are public by design and are not listed.
 */
export const SECRET_CANARIES = {
  FAL_KEY: "canary-fal-key-3c1b9f0e7d2a4b6c",
  REPLICATE_API_TOKEN: "r8_canary-replicate-5e8d2c1a9b7f",
  AUTH_SECRET: "canary-auth-secret-0f3e6d9c2b5a8e1d4c7b",
  SUPABASE_SERVICE_ROLE_KEY: "canary-service-role-7a4d1e8b5c2f9a6d",
} as const;

// Run directly: print KEY=value lines for `env`.
if (process.argv[1]?.endsWith("secret-canaries.ts")) {
  for (const [name, value] of Object.entries(SECRET_CANARIES)) console.log(`${name}=${value}`);
}
