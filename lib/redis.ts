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
