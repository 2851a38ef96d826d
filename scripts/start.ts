// The body of `npm start` (see scripts/start.sh): services → migrate → build → web + worker → gallery
// seed queued (the worker makes it in the background at batch priority, behind any person's request).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
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

/** The worker runs from source (tsx): what it reads, so a change restarts it without a rebuild. */
const WORKER_INPUTS = ["workers", "lib", "package-lock.json"];
/** The web's entry around the build, so a change (or an older web from `next start`) restarts it. */
const WEB_INPUTS = ["server.mjs"];

/** A fingerprint of everything `next build` reads, so a start after `git pull` rebuilds and others don't. */
function sourceFingerprint(root: string, inputs = BUILD_INPUTS): string {
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
  inputs.forEach(walk);
  return hash.digest("hex");
}

function run(step: string, command: string, args: string[]): void {
  console.log(`\n▸ ${step}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0)
    throw new StackError(`${step} failed (exit ${result.status ?? result.signal})`);
}

/** Settings the running web and worker processes read: when any differs, they must be restarted. */
const APP_SETTINGS =
  /^(DATABASE_|REDIS_URL|R2_|S3_|FAL_|REPLICATE_|APP_URL|WORKER_|GENERATION_|METRICS_TOKEN$|BUDGET_|ALERT_WEBHOOK_|PORT$|NODE_ENV$|LIKENESS_(PG|REDIS|S3)_PORT|LOCAL_AUTH$|AUTH_SECRET$|NEXT_PUBLIC_SUPABASE_|SUPABASE_|TRUSTED_PROXY_HEADER$|ANON_|OUTBOUND_ALLOWED_HOSTS$|WEBHOOK_|CORS_ALLOWED_ORIGINS$|PROVIDER_|RECONCILE_)/;

function settingsFingerprint(env: NodeJS.ProcessEnv): string {
  const relevant = Object.keys(env)
    .filter((k) => APP_SETTINGS.test(k))
    .sort()
    .map((k) => `${k}=${env[k]}`);
  return createHash("sha256").update(relevant.join("\n")).digest("hex");
}

async function main(): Promise<void> {
  // Local sign-in for the local stack (next start runs in production mode, where it is off unless
  // enabled); a configured Supabase project takes precedence anyway.
  process.env.LOCAL_AUTH ??= "enabled";
  const ctx = stackContext();
  const root = ctx.root;
  console.log("▸ services");
  for (const s of await ensureServices(["pg", "redis", "s3"], ctx))
    console.log(`  ${formatStatus(s)}`);

  run("migrate", "node_modules/.bin/tsx", ["scripts/migrate.ts"]);

  /** Whether `value` differs from what was recorded under `name` last time (then records it). */
  const changed = (name: string, value: string): boolean => {
    const stamp = path.join(ctx.stack.dataDir, `${name}-fingerprint`);
    if (existsSync(stamp) && readFileSync(stamp, "utf8") === value) return false;
    writeFileSync(stamp, value);
    return true;
  };
  const built = existsSync(path.join(root, ".next", "BUILD_ID"));
  if (changed("build", sourceFingerprint(root)) || !built) {
    try {
      run("build", "node_modules/.bin/next", ["build"]);
    } catch (error) {
      rmSync(path.join(ctx.stack.dataDir, "build-fingerprint"), { force: true });
      throw error;
    }
    // Running processes still serve the old build: replace them.
    await stopService("web", ctx);
    await stopService("worker", ctx);
  }
  if (changed("web", sourceFingerprint(root, WEB_INPUTS))) await stopService("web", ctx);
  if (changed("worker", sourceFingerprint(root, WORKER_INPUTS))) await stopService("worker", ctx);
  // Changed settings (say, FAL_KEY added) only reach web and worker through a restart.
  if (changed("settings", settingsFingerprint(process.env))) {
    await stopService("web", ctx);
    await stopService("worker", ctx);
  }

  console.log("\n▸ app");
  for (const s of await ensureServices(["web", "worker"], ctx)) console.log(`  ${formatStatus(s)}`);
  // Queued, not waited for: the app is usable now and the gallery fills in behind it.
  run(`seed gallery (${seedCount} avatars)`, "node_modules/.bin/tsx", [
    "scripts/seed.ts",
    "--count",
    seedCount,
    "--no-wait",
  ]);
  console.log(`
Likeness is running at http://localhost:${ctx.stack.webPort}
  logs:   ${path.relative(root, ctx.logsDir)}/  (web.log, worker.log, pg.log, redis.log, s3.log)
  status: npm run stack -- status
  stop:   npm run stop`);
}

main().catch((error: unknown) => {
  console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
