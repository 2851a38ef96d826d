// npm run bench -- gallery [--rows 100000] [--seconds 5] [--concurrency 1,32] [--no-build]
//
// Seeds a separate database with N gallery index rows, starts the production server against it, and
// measures GET /api/v1/gallery at concurrency 1 and 32 with autocannon: first pages, deep cursors, style
// filters and text searches. In the same run the same page queries go straight to Postgres through the
// same client (pg, concurrency 32): the baseline. Prints p50/p99 of both, the server-side time (the
// handler's Server-Timing), and the ratio.
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { encodeCursor } from "../lib/gallery/cursor";
import { fetchPageRows } from "../lib/gallery/page-query";
import { GALLERY_COLUMNS } from "../lib/gallery/queries";
import { galleryQuerySchema } from "../lib/gallery/schema";
import { localStack } from "../lib/local-stack";
import { ensureServices, stackContext } from "../scripts/stack/index";
import { benchDatabase, benchDatabaseUrl, buildForBench, startServer } from "./lib/app";
import { ensureGalleryRows } from "./lib/gallery-rows";
import { percentile, type Scenario, summarize } from "./lib/stats";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    seconds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "1,32" },
    "no-build": { type: "boolean", default: false },
  },
});
const ROWS = Number(values.rows);
const SECONDS = Number(values.seconds);
const LEVELS = values.concurrency.split(",").map(Number);

const env = { ...process.env, LIKENESS_PROFILE: "test" as const };
// Beside the test stack's own web port (PORT), clear of e2e's (PORT + 1, + 90, + 95).
const PORT = localStack(env).webPort + 4;
const databaseUrl = benchDatabaseUrl(env);

async function prepareDatabase(): Promise<void> {
  const client = await benchDatabase(env);
  await ensureGalleryRows(client, ROWS);
  await client.end();
}

/** The query mix: every kind of page the gallery asks for, at shallow and deep positions. */
function scenarios(maxId: number): Scenario[] {
  const deep = (fraction: number) => encodeCursor(Math.max(2, Math.floor(maxId * fraction)));
  return [
    { name: "first page", params: [{}] },
    { name: "deep cursor", params: [0.5, 0.1, 0.01, 0.001].map((f) => ({ cursor: deep(f) })) },
    {
      name: "style filter, deep",
      params: ["bottts", "lorelei", "pixel-art"].flatMap((style): Record<string, string>[] => [
        { style },
        { style, cursor: deep(0.05) },
      ]),
    },
    {
      name: "search common word",
      params: [{ q: "smiling" }, { q: "glasses" }, { q: "smiling", cursor: deep(0.2) }],
    },
    {
      name: "search prefix + style",
      params: [
        { q: "red ha", style: "adventurer" },
        { q: "gla", style: "micah" },
      ],
    },
    { name: "search rare / no match", params: [{ q: "silver beard" }, { q: "zebra" }] },
  ];
}

async function measureApi(
  s: Scenario,
  concurrency: number,
): Promise<{ latencies: number[]; server: number[]; rps: number; errors: number }> {
  const paths = s.params.map(
    (p) => `/api/v1/gallery?${new URLSearchParams({ limit: "24", ...p })}`,
  );
  const server: number[] = [];
  let i = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}`,
    connections: concurrency,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }),
        onResponse: (_status, _body, _ctx, headers) => {
          const m = /app;dur=([\d.]+)/.exec(String(headers?.["server-timing"] ?? ""));
          if (m) server.push(Number(m[1]));
        },
      },
    ],
  });
  const latencies = [result.latency.p50, result.latency.p99];
  return { latencies, server, rps: result.requests.average, errors: result.non2xx + result.errors };
}

async function measureRaw(
  s: Scenario,
  concurrency: number,
): Promise<{ latencies: number[]; rps: number }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
  const samples: number[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        // Parsed by the API's own schema and run through the API's own query path: the same SQL.
        const filter = galleryQuerySchema.parse({
          limit: "24",
          ...s.params[i++ % s.params.length],
        });
        const t = performance.now();
        await fetchPageRows(
          (text, values) => pool.query(text, values).then((r) => r.rows),
          GALLERY_COLUMNS,
          filter,
        );
        samples.push(performance.now() - t);
      }
    }),
  );
  await pool.end();
  return {
    latencies: [percentile(samples, 50), percentile(samples, 99)],
    rps: samples.length / SECONDS,
  };
}

async function main(): Promise<void> {
  await ensureServices(["pg", "redis", "s3"], stackContext(env));
  await prepareDatabase();
  // Always measure the code as it is now; --no-build reuses the bench build when iterating on the bench.
  buildForBench(env, values["no-build"]);
  const server = await startServer(
    PORT,
    { ...env, DATABASE_URL: databaseUrl, DATABASE_POOL_MAX: "16" },
    "/api/v1/gallery?limit=1",
  );
  try {
    const check = new pg.Client({ connectionString: databaseUrl });
    await check.connect();
    const maxId = Number(
      (await check.query("select max(id) from public.gallery_avatars")).rows[0].max,
    );
    await check.end();

    for (const concurrency of LEVELS) {
      console.log(
        `\nGET /api/v1/gallery, ${ROWS} rows, concurrency ${concurrency}, ${SECONDS}s per scenario`,
      );
      const rows = [];
      for (const s of scenarios(maxId)) {
        await measureApi(s, concurrency); // warm-up: JIT, plan cache, pool
        const api = await measureApi(s, concurrency);
        const raw = await measureRaw(s, concurrency);
        rows.push(summarize(s.name, api, raw));
      }
      console.table(rows);
    }
  } finally {
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
