import { db } from "@/lib/db";
import { readyRedis } from "@/lib/redis";
import { pingStorage } from "@/lib/storage";

export type Component = "db" | "redis" | "storage";

export interface ComponentHealth {
  status: "up" | "down";
  latency_ms: number;
  error?: string;
}

export interface Health {
  status: "ok" | "down";
  down: Component[];
  checks: Record<Component, ComponentHealth>;
}

const TIMEOUT_MS = 1_500;

async function probe(check: () => Promise<unknown>): Promise<ComponentHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)),
          TIMEOUT_MS,
        );
      }),
    ]);
    return { status: "up", latency_ms: round(performance.now() - started) };
  } catch (error) {
    return {
      status: "down",
      latency_ms: round(performance.now() - started),
      error: error instanceof Error ? error.message || error.name : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Readiness of every backing service, probed in parallel, each with its own latency. */
export async function checkHealth(): Promise<Health> {
  const [dbHealth, redisHealth, storageHealth] = await Promise.all([
    probe(() => db().query("select 1")),
    probe(async () => (await readyRedis()).ping()),
    probe(() => pingStorage()),
  ]);
  const checks = { db: dbHealth, redis: redisHealth, storage: storageHealth };
  const down = (Object.keys(checks) as Component[]).filter((k) => checks[k].status === "down");
  return { status: down.length === 0 ? "ok" : "down", down, checks };
}
