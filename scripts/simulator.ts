import { startSimulator } from "@/dev/simulator/server";

/**
 * Runs the provider simulator in the foreground for offline demos and benchmarks:
 *   npx tsx scripts/simulator.ts [--port 45800]        (or npm run simulator -- --port 45800)
 * Faults start from SIM_FAL_LATENCY_MS, SIM_REPLICATE_LATENCY_MS, SIM_FAL_FAULTS='{"hang":true}', …
 * and change at runtime through POST /__admin/faults.
 */
const DEFAULT_PORT = 45800;

function parsePort(argv: string[]): number {
  const at = argv.indexOf("--port");
  const raw = at >= 0 ? argv[at + 1] : process.env.SIM_PORT;
  if (raw === undefined) return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be 0..65535, got "${raw}"`);
  }
  return port;
}

async function main(): Promise<void> {
  const port = parsePort(process.argv.slice(2));
  const sim = await startSimulator({ port }).catch((error: unknown) => {
    if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
      throw new Error(`port ${port} is taken; pick another with --port or SIM_PORT`);
    }
    throw error;
  });
  console.log(`[simulator] listening on ${sim.url}
  FAL_BASE_URL=${sim.url}
  REPLICATE_BASE_URL=${sim.url}/v1
  faults:  curl -X POST ${sim.url}/__admin/faults -H 'content-type: application/json' -d '{"provider":"fal","submitStatus":503}'
  counts:  curl ${sim.url}/__admin/counts      reset: curl -X POST ${sim.url}/__admin/reset`);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error("[simulator]", error instanceof Error ? error.message : error);
  process.exit(1);
});
