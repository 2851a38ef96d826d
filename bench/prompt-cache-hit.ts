// npm run bench -- prompt-cache-hit [--seconds 5] [--rounds 3] [--connections 64] [--no-build]
//
// Cache hits of a Pollinations-style image URL, GET /prompt/{prompt} with its defaults (flux, seed
// 42, 1024×1024), on a production build with a real worker (the local generator makes the image
// once). Every measured request must be a HIT. In the same run, the local physical limit: a minimal
// node:http server in its own process answering the same bytes from memory. autocannon drives both
// at the same concurrency, in alternating rounds (so a load change on a shared machine hits both
// sides alike); prints req/s and latency for both per round, each round's ratio and their median
// (target: the app at least 40% of the baseline's throughput).
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { localStack } from "../lib/local-stack";
import { ensureServices, stackContext } from "../scripts/stack/index";
import {
  benchDatabase,
  benchDatabaseUrl,
  buildForBench,
  type Running,
  startServer,
  startWorker,
} from "./lib/app";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "64" },
    "no-build": { type: "boolean", default: false },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const ROUNDS = Number(values.rounds);
const base = { ...process.env, LIKENESS_PROFILE: "test" as const };
const stack = localStack(base);
// Beside the test stack's own web port (PORT), clear of the e2e cloud instance (PORT + 1, + 90).
const PORT = stack.webPort + 7;
const PATH = "/prompt/benchmark%20astronaut%20with%20silver%20hair";

/** The baseline: node:http with the bytes in memory, in its own process like the app. */
async function startBaseline(bytes: Buffer, etag: string): Promise<Running & { url: string }> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "prompt-bench-")), "image.png");
  writeFileSync(file, bytes);
  const script = `
    const body = require("node:fs").readFileSync(${JSON.stringify(file)});
    const headers = { "content-type": "image/png", "content-length": body.length,
      "cache-control": "public, max-age=86400", etag: ${JSON.stringify(etag)}, "x-cache": "HIT" };
    const server = require("node:http").createServer((req, res) => { res.writeHead(200, headers); res.end(body); });
    server.keepAliveTimeout = 60000;
    server.listen(0, "127.0.0.1", () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())),
  );
  return { url: `http://127.0.0.1:${port}${PATH}`, close: () => void child.kill("SIGTERM") };
}

async function load(url: string) {
  let hits = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        onResponse: (status, _body, _ctx, headers) => {
          if (status === 200 && headers?.["x-cache"] === "HIT") hits++;
        },
      },
    ],
  });
  return { result, hits };
}

function row(round: number, name: string, { result, hits }: Awaited<ReturnType<typeof load>>) {
  return {
    round,
    server: name,
    "req/s": Math.round(result.requests.average),
    "p50 ms": result.latency.p50,
    "p99 ms": result.latency.p99,
    "MB/s": Math.round(result.throughput.average / 1e6),
    "hits / requests": `${hits}/${result.requests.total}`,
    errors: result.errors + result.non2xx,
  };
}

/** The first request makes the image (a MISS that waits for the worker); the second must hit. */
async function warm(url: string): Promise<{ bytes: Buffer; etag: string }> {
  const first = await fetch(url);
  if (first.status !== 200) throw new Error(`first request: ${first.status} ${await first.text()}`);
  await first.arrayBuffer();
  const again = await fetch(url);
  const bytes = Buffer.from(await again.arrayBuffer());
  console.log(
    `first request ${first.headers.get("x-cache")}, then ${again.headers.get("x-cache")}: ` +
      `${again.headers.get("content-type")}, ${bytes.byteLength} bytes`,
  );
  if (again.headers.get("x-cache") !== "HIT") throw new Error("the repeat was not a cache hit");
  return { bytes, etag: again.headers.get("etag") ?? '"x"' };
}

async function main(): Promise<void> {
  await ensureServices(["pg", "redis", "s3"], stackContext(base));
  await (await benchDatabase(base)).end();
  const env = {
    ...base,
    DATABASE_URL: benchDatabaseUrl(base),
    REDIS_URL: `redis://127.0.0.1:${stack.redis.port}/3`,
  };
  buildForBench(env, values["no-build"]);
  const server = await startServer(PORT, env, "/api/health");
  const worker = await startWorker(env);
  let baseline: (Running & { url: string }) | undefined;
  try {
    const appUrl = `http://127.0.0.1:${PORT}${PATH}`;
    const { bytes, etag } = await warm(appUrl);
    baseline = await startBaseline(bytes, etag);
    await load(appUrl); // warm-up: JIT, connection pools, the in-process caches
    await load(baseline.url);
    const rows = [];
    const ratios: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const app = await load(appUrl);
      const raw = await load(baseline.url);
      rows.push(row(round, "GET /prompt (app)", app), row(round, "node:http from memory", raw));
      ratios.push(app.result.requests.average / raw.result.requests.average);
    }
    console.table(rows);
    const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
    console.log(
      `app/baseline throughput per round: ${ratios.map((r) => `${(r * 100).toFixed(1)}%`).join(", ")}; ` +
        `median ${(median * 100).toFixed(1)}% (target ≥ 40%), concurrency ${CONNECTIONS}`,
    );
  } finally {
    baseline?.close();
    worker.close();
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
