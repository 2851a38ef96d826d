// The body of `npm start` (see scripts/start.sh): services → migrate → seed → build → web + worker.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureServices, formatStatus, stackContext, stopService, StackError } from "./stack/index";

const { values } = parseArgs({ options: { seed: { type: "string" } } });
const seedCount = values.seed ?? process.env.LIKENESS_SEED_COUNT ?? "500";

const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];

/** A fingerprint of everything `next build` reads, so a start after `git pull` rebuilds and others don't. */
function sourceFingerprint(root: string): string {
  const hash = createHash("sha256");
  const walk = (p: string) => {
    const full = path.join(root, p);
    if (!existsSync(full)) return;
    const st = statSync(full);
    if (st.isDirectory()) {
      for (const name of readdirSync(full).sort()) walk(path.join(p, name));
    } else if (!/\.test\.tsx?$/.test(p)) {
      hash.update(`${p}\0${st.size}\0${st.mtimeMs}\0`);
    }
  };
  BUILD_INPUTS.forEach(walk);
  return hash.digest("hex");
}

function run(step: string, command: string, args: string[]): void {
  console.log(`\n▸ ${step}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0)
    throw new StackError(`${step} failed (exit ${result.status ?? result.signal})`);
}

async function main(): Promise<void> {
  const ctx = stackContext();
  const root = ctx.root;
  console.log("▸ services");
  for (const s of await ensureServices(["pg", "redis", "s3"], ctx))
    console.log(`  ${formatStatus(s)}`);

  run("migrate", "node_modules/.bin/tsx", ["scripts/migrate.ts"]);
  run(`seed gallery (${seedCount} avatars)`, "node_modules/.bin/tsx", [
    "scripts/seed.ts",
    "--count",
    seedCount,
  ]);

  const stamp = path.join(ctx.stack.dataDir, "run", "build-fingerprint");
  const fingerprint = sourceFingerprint(root);
  const built = existsSync(path.join(root, ".next", "BUILD_ID"));
  if (!built || !existsSync(stamp) || readFileSync(stamp, "utf8") !== fingerprint) {
    run("build", "node_modules/.bin/next", ["build"]);
    writeFileSync(stamp, fingerprint);
    // Running processes still serve the old build: replace them.
    await stopService("web", ctx);
    await stopService("worker", ctx);
  }

  console.log("\n▸ app");
  for (const s of await ensureServices(["web", "worker"], ctx)) console.log(`  ${formatStatus(s)}`);
  console.log(`
Likeness is running at http://localhost:${ctx.stack.webPort}
  logs:   ${path.relative(root, ctx.logsDir)}/  (web.log, worker.log, postgres.log, redis.log, s3.log)
  status: npx tsx scripts/stack.ts status
  stop:   npm run stop`);
}

main().catch((error: unknown) => {
  console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
