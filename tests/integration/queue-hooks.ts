import { afterAll, beforeAll } from "vitest";
import { closeDb } from "@/lib/db";
import { closeQueues, queue } from "@/lib/queue/queues";
import { closeRedis, readyRedis } from "@/lib/redis";

/**
 * For a file whose requests queue generations no worker takes: the generations queue is emptied
 * before and after it (so no other file's jobs count, and none of its own are left behind), and the
 * queue, Redis and database connections are closed after it.
 */
export function emptyGenerationQueue(): void {
  beforeAll(async () => {
    await readyRedis();
    await queue("generations").obliterate({ force: true });
  });
  afterAll(async () => {
    await queue("generations").obliterate({ force: true });
    await closeQueues();
    await closeRedis();
    await closeDb();
  });
}
