// npm run bench -- pipeline-overhead [--requests 64] [--no-build]
//
// What the whole app adds on top of the provider: the simulator plays Fal with a fixed 500 ms latency;
// each new generation goes POST /api/v1/generations → queue → worker process → provider → storage →
// SSE "succeeded", timed by the client. In the same run, the same kind of generation is made directly
// with the provider client (our Fal adapter on the real @fal-ai/client, same poll interval). Prints
// both and the overhead (app minus direct) at p50 and p99, at 1 and at 32 concurrent requests.
import { parseArgs } from "node:util";
import { createFalProvider } from "../lib/providers/fal";
import { localStack } from "../lib/local-stack";
import { enterpriseApiKey } from "./lib/api-key";
import { startSimulator } from "../dev/simulator/server";
import { ensureServices, stackContext } from "../scripts/stack/index";
import {
  benchDatabase,
  benchDatabaseUrl,
  buildForBench,
  startServer,
  startWorker,
} from "./lib/app";
import { percentile } from "./lib/stats";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "64" },
    "no-build": { type: "boolean", default: false },
  },
});
const REQUESTS = Number(values.requests);
const POLL_MS = 25;
const LATENCY_MS = 500;
const base = { ...process.env, LIKENESS_PROFILE: "test" as const };
const stack = localStack(base);
// Beside the test stack's own web port (PORT), clear of e2e's (PORT + 1, + 90, + 95).
const PORT = stack.webPort + 6;
let nonce = Date.now() % 1_000_000;

function body() {
  // A fresh seed every time: a cache hit would skip exactly the pipeline being measured.
  return {
    prompt: "pipeline benchmark portrait",
    style: "lorelei",
    seed: nonce++,
    width: 512,
    height: 512,
  };
}

/** POST, then follow the SSE stream until the generation ends; returns client-observed ms. */
let apiKey = "";

async function viaApp(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${PORT}/api/v1/generations`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body()),
  });
  const { events_url } = (await response.json()) as { events_url: string };
  const stream = await fetch(events_url);
  const reader = stream.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    text += decoder.decode(chunk.value, { stream: true });
    if (/event: succeeded/.test(text)) break;
    if (/event: failed/.test(text)) throw new Error("a generation failed");
  }
  await reader.cancel();
  return performance.now() - started;
}

async function run(concurrency: number, once: () => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  let left = REQUESTS;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) samples.push(await once());
    }),
  );
  return samples;
}

async function main(): Promise<void> {
  await ensureServices(["pg", "redis", "s3"], stackContext(base));
  await (await benchDatabase(base)).end();
  apiKey = await enterpriseApiKey(benchDatabaseUrl(base));
  const sim = await startSimulator({ port: 0 });
  sim.setFaults("fal", { latencyMs: LATENCY_MS });
  const env = {
    ...base,
    DATABASE_URL: benchDatabaseUrl(base),
    REDIS_URL: `redis://127.0.0.1:${stack.redis.port}/3`,
    FAL_KEY: "sim-key",
    FAL_BASE_URL: sim.url,
    PROVIDER_POLL_MS: String(POLL_MS),
    WORKER_CONCURRENCY: "32",
  };
  buildForBench(env, values["no-build"]);
  const server = await startServer(PORT, env, "/api/health");
  const worker = await startWorker(env);
  const fal = createFalProvider({ key: "sim-key", baseUrl: sim.url, pollIntervalMs: POLL_MS });
  const direct = async () => {
    const started = performance.now();
    const b = body();
    const result = await fal.generate({ ...b, model: "flux-schnell", steps: 4, format: "png" });
    if ("url" in result.image) await (await fetch(result.image.url)).arrayBuffer();
    return performance.now() - started;
  };
  try {
    await viaApp(); // warm-up: routes compiled, pools and connections open
    await direct();
    const rows = [];
    for (const concurrency of [1, 32]) {
      const app = await run(concurrency, viaApp);
      const provider = await run(concurrency, direct);
      const row = (p: number) => ({
        [`app p${p} ms`]: Math.round(percentile(app, p)),
        [`direct p${p} ms`]: Math.round(percentile(provider, p)),
        [`overhead p${p} ms`]: Math.round(percentile(app, p) - percentile(provider, p)),
      });
      rows.push({ concurrency, requests: REQUESTS, ...row(50), ...row(99) });
    }
    console.log(
      `\nsimulated Fal latency ${LATENCY_MS} ms, poll every ${POLL_MS} ms, one worker process (concurrency 32)`,
    );
    console.table(rows);
  } finally {
    worker.close();
    server.close();
    await sim.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
