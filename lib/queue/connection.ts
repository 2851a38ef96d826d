import { Redis, type RedisOptions } from "ioredis";
import { env } from "@/lib/env";

/**
 * Producers (the web process) must fail fast while Redis is down, so requests answer 503 at once:
 * no offline queue, one retry per command.
 */
export function producerConnection(url = env().redisUrl): Redis {
  return withErrorLog(
    new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 }),
    "producer",
  );
}

/**
 * Workers and QueueEvents block on Redis and must wait out outages instead: BullMQ requires
 * maxRetriesPerRequest null on their connections (it throws in the constructor otherwise).
 */
export function workerConnection(url = env().redisUrl, options: RedisOptions = {}): Redis {
  return withErrorLog(new Redis(url, { ...options, maxRetriesPerRequest: null }), "worker");
}

function withErrorLog(client: Redis, role: string): Redis {
  let last = 0;
  client.on("error", (err: Error) => {
    // While Redis is down, every reconnect attempt errors: log at most every 10 s.
    if (Date.now() - last > 10_000) {
      last = Date.now();
      console.warn(`[redis:${role}] ${err.message}`);
    }
  });
  return client;
}
