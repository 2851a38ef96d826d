// The worker process: `tsx workers/index.ts`. Processors for the generation queue plug in here (issue 3);
// today it owns the lifecycle: validated env, a blocking-safe Redis connection, heartbeat, graceful stop.
import { hostname } from "node:os";
import { Redis } from "ioredis";
import { env } from "@/lib/env";

const HEARTBEAT_MS = 10_000;

async function main(): Promise<void> {
  const config = env();
  // BullMQ workers need maxRetriesPerRequest: null on their connection; set it here already so the
  // queue processors added later share a connection configured the way BullMQ requires.
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  connection.on("error", (err: Error) => console.warn(`[worker] redis: ${err.message}`));

  const id = `${hostname()}:${process.pid}`;
  const beat = () =>
    connection
      .set(`likeness:workers:${id}`, new Date().toISOString(), "PX", HEARTBEAT_MS * 3)
      .catch((err: Error) => console.warn(`[worker] heartbeat failed: ${err.message}`));
  await beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  console.log(
    `[worker] ${id} ready (provider: ${config.localGeneratorOnly ? "local generator" : "cloud"})`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing active jobs, then exiting`);
    clearInterval(timer);
    await connection.del(`likeness:workers:${id}`).catch(() => undefined);
    await connection.quit().catch(() => connection.disconnect());
    console.log("[worker] stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("[worker] failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
