// npm run bench -- <name> [options]: runs bench/<name>.ts (options go to it); with no name, lists
// the benchmarks. `npm run bench` has installed the system packages and node_modules by then; each
// benchmark brings up the test profile's services and migrates its own database (likeness_bench),
// so it runs on a fresh clone and never touches the data of `npm start`.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const BENCHMARKS: Record<string, string> = {
  "pipeline-overhead":
    "what the app adds (HTTP → queue → worker → storage → SSE) to a simulated 500 ms Fal generation",
  "generation-cache-hit": "a repeated identical POST /api/v1/generations against the lookup alone",
  gallery: "gallery pages, deep cursors, filters and searches against the same queries through pg",
  "gallery-similar": "the similar-avatars query on a 5,000-avatar gallery, by EXPLAIN ANALYZE",
  "prompt-cache-hit": "GET /prompt/… cache hits against node:http serving the bytes from memory",
  scaling: "generations/s with 1, 2 and 4 worker processes, without and with a provider cap",
  priority: "queue wait of a premium generation behind 1,000 batch and 200 free jobs",
  "local-generator": "avatars/s of the built-in generator: render, WebP variants, both",
  metrics: "GET /metrics after 10,000 generations against the same scrape with nothing recorded",
  "budget-guard":
    "what the spend budget check adds to a cache miss, against the same miss without it",
};

const dir = import.meta.dirname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts")
  .map((f) => f.slice(0, -3));
// The list is the README's too: a benchmark added without a line here would go unmentioned.
const unlisted = files.filter((f) => !(f in BENCHMARKS));
if (unlisted.length > 0) throw new Error(`bench/run.ts: describe ${unlisted.join(", ")}`);

const [name, ...args] = process.argv.slice(2);
if (name === undefined || name === "--help" || !files.includes(name)) {
  if (name !== undefined && name !== "--help") console.error(`no benchmark "${name}"\n`);
  console.log(
    "usage: npm run bench -- <name> [options]   (options: see the top of bench/<name>.ts)\n",
  );
  for (const [bench, what] of Object.entries(BENCHMARKS))
    console.log(`  ${bench.padEnd(22)} ${what}`);
  process.exit(name === undefined || name === "--help" ? 0 : 2);
}

const tsx = path.join(dir, "..", "node_modules", ".bin", "tsx");
const env = {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  NEXT_TELEMETRY_DISABLED: "1",
  ...process.env,
};
const { status, signal } = spawnSync(tsx, [path.join(dir, `${name}.ts`), ...args], {
  stdio: "inherit",
  env,
});
process.exit(status ?? (signal === null ? 1 : 128));
