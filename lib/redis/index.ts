import { Redis } from "ioredis";
import { env } from "@/lib/env";
import { logger } from "@/lib/observability/log";

const log = logger("redis");

export type { Redis };

/**
 * How a connection behaves while Redis is down:
 * - `fail-fast`: request paths and producers. No offline queue and one retry per command, so a
 *   request answers 503 at once instead of hanging; ioredis reconnects in the background.
 * - `blocking`: BullMQ workers, QueueEvents and pub/sub subscribers, which block on Redis and must
 *   wait out an outage. BullMQ requires `maxRetriesPerRequest: null` on them (it throws otherwise).
 */
export type RedisRole = "fail-fast" | "blocking";

/** The one place a Redis connection is made. `name` labels its log lines. */
export function createRedis(role: RedisRole, name: string, url = env().redisUrl): Redis {
  const client =
    role === "fail-fast"
      ? new Redis(url, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2_000,
          retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
        })
      : new Redis(url, { maxRetriesPerRequest: null });
  let lastLogged = 0;
  client.on("error", (err: Error) => {
    // While Redis is down, every reconnect attempt errors: log at most every 10 s.
    if (Date.now() - lastLogged > 10_000) {
      lastLogged = Date.now();
      log.warn({ connection: name, err: err.message }, "redis connection error");
    }
  });
  return client;
}

const globalForRedis = globalThis as typeof globalThis & { likenessRedis?: Redis };

/** The process's shared fail-fast connection (rate limits, hot cache, feed, sessions). */
export function redis(): Redis {
  globalForRedis.likenessRedis ??= createRedis("fail-fast", "shared");
  return globalForRedis.likenessRedis;
}

export async function closeRedis(): Promise<void> {
  const client = globalForRedis.likenessRedis;
  globalForRedis.likenessRedis = undefined;
  if (client) await client.quit().catch(() => client.disconnect());
}

/** Closes a connection made with createRedis, politely if Redis answers. */
export async function quitRedis(client: Redis): Promise<void> {
  await client.quit().catch(() => client.disconnect());
}

/**
 * The client once its first connection is up. Without an offline queue, a command sent while the
 * initial connect is still under way fails at once; this waits for that connect (bounded), but gives
 * up immediately when Redis is known to be down, so callers still fail fast.
 */
export async function readyRedis(timeoutMs = 1_000): Promise<Redis> {
  const client = redis();
  if (client.status === "ready") return client;
  if (!["wait", "connecting", "connect"].includes(client.status)) {
    throw new Error(`Redis is unavailable (${client.status})`);
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`Redis did not connect within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onReady = () => done();
    const onClose = () => done(new Error("Redis is unavailable (connection closed)"));
    function done(error?: Error) {
      clearTimeout(timer);
      client.off("ready", onReady);
      client.off("close", onClose);
      if (error) reject(error);
      else resolve();
    }
    client.once("ready", onReady);
    client.once("close", onClose);
  });
  return client;
}
