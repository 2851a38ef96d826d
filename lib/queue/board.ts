import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Queue } from "bullmq";
import { Hono } from "hono";
import { QUEUE_CONTRACT, type QueueKey } from "./contract";
import { queue } from "./queues";

/** Where the queue dashboard is mounted (app/admin/queues/[[...path]]/route.ts). */
export const QUEUE_BOARD_PATH = "/admin/queues";

type Board = (request: Request) => Promise<Response>;

const globalForBoard = globalThis as typeof globalThis & { likenessQueueBoard?: Board };

/**
 * bull-board's dashboard of every queue in the contract (a new queue shows up by itself), its page,
 * JSON API and static assets all answered from one fetch handler that a Next route hands requests
 * to. Built on this process's producers, so it adds no Redis connections. The caller decides who may
 * see it: nothing here checks.
 */
export function queueBoard(): Board {
  globalForBoard.likenessQueueBoard ??= build();
  return globalForBoard.likenessQueueBoard;
}

function build(): Board {
  const adapter = new HonoAdapter(serveStatic).setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: (Object.keys(QUEUE_CONTRACT) as QueueKey[]).map(boardQueue),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: "Likeness queues" } },
  });
  const app = new Hono().route(QUEUE_BOARD_PATH, adapter.registerPlugin());
  return async (request) => app.fetch(request);
}

function boardQueue<Q extends QueueKey>(key: Q): BullMQAdapter {
  const producer: Queue = queue(key);
  return new BullMQAdapter(producer, { displayName: QUEUE_CONTRACT[key].name });
}
