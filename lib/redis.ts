import { Redis } from "ioredis";
import { env } from "@/lib/env";

const globalForRedis = globalThis as typeof globalThis & { likenessRedis?: Redis };

/**
 * The web process's Redis connection. Commands fail at once while Redis is down (no offline queue),
 * so requests answer 503 quickly instead of hanging; ioredis keeps reconnecting in the background
 * and the app recovers by itself when Redis is back.
 */
export function redis(): Redis {
  if (!globalForRedis.likenessRedis) {
    const client = new Redis(env().redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      lazyConnect: false,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    let lastLogged = 0;
    client.on("error", (err: Error) => {
      // Redis down means one error per reconnect attempt; log at most every 10 s.
      if (Date.now() - lastLogged > 10_000) {
        lastLogged = Date.now();
        console.warn(`[redis] ${err.message}`);
      }
    });
    globalForRedis.likenessRedis = client;
  }
  return globalForRedis.likenessRedis;
}

export async function closeRedis(): Promise<void> {
  const client = globalForRedis.likenessRedis;
  globalForRedis.likenessRedis = undefined;
  if (client) await client.quit().catch(() => client.disconnect());
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
