import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { env } from "@/lib/env";
import {
  generationInputSchema,
  normalizeGeneration,
  requestHash,
} from "@/lib/generations/normalize";
import {
  getGeneration,
  type GenerationRow,
  markSucceeded,
  upsertQueued,
} from "@/lib/generations/repository";
import { requestGeneration } from "@/lib/generations/service";
import { closeQueues, queue } from "@/lib/queue/queues";
import { closeRedis, readyRedis } from "@/lib/redis";
import { type RunningWorkers, startWorkers } from "@/workers/run";
import { closeFeedHub } from "./hub";
import type { FeedItem } from "./item";
import { FEED_RECENT, publishToFeed, recentFeed } from "./publish";
import { feedStream } from "./stream";

const run = Date.now().toString(36);
const sha = (n: number) => n.toString(16).padStart(64, "0");

/** A succeeded row straight through the repository, without a provider. */
async function succeededRow(prompt: string, isPrivate = false): Promise<GenerationRow> {
  const request = normalizeGeneration(
    generationInputSchema.parse({ prompt, seed: 1, width: 256, height: 256 }),
  );
  const row = await upsertQueued(requestHash(request), request, { private: isPrivate });
  const n = Math.floor(Math.random() * 1e12);
  await markSucceeded(row.id, {
    provider: "local",
    model: "flux-schnell",
    keys: { png: `avatars/00/${sha(n)}/original.png`, webp: {} },
    seed: 1,
    width: 256,
    height: 256,
    latencyMs: 1,
    costUsd: 0,
  });
  return (await getGeneration(row.id))!;
}

/** Reads SSE `generation` events from a stream until `count` have come (or the time is up). */
async function readEvents(stream: ReadableStream<Uint8Array>, count: number): Promise<FeedItem[]> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const items: FeedItem[] = [];
  let buffer = "";
  const deadline = Date.now() + 5_000;
  while (items.length < count && Date.now() < deadline) {
    const chunk = await reader.read();
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (/^event: generation$/m.test(block) && data) items.push(JSON.parse(data) as FeedItem);
    }
  }
  reader.releaseLock();
  return items;
}

beforeEach(async () => {
  await (await readyRedis()).del(FEED_RECENT);
});
afterAll(async () => {
  await closeFeedHub();
  await closeQueues();
  await closeRedis();
  await closeDb();
});

describe("feed", () => {
  it("replays the last 20 public generations, oldest first", async () => {
    const rows: GenerationRow[] = [];
    for (let i = 0; i < 25; i++) {
      const row = await succeededRow(`feed order ${run} #${i}`);
      expect(await publishToFeed(row)).toBe(true);
      rows.push(row);
    }
    const recent = await recentFeed();
    expect(recent.map((r) => r.id)).toEqual(rows.slice(5).map((r) => r.id));
    expect(recent.at(-1)).toMatchObject({
      prompt: `feed order ${run} #24`,
      model: "flux-schnell",
      seed: 1,
      width: 256,
      height: 256,
      imageURL: expect.stringMatching(/^\/i\/avatars\/00\/[0-9a-f]{64}\/original\.png$/),
    });
  });

  it("never publishes a private generation", async () => {
    const secret = await succeededRow(`private feed ${run}`, true);
    expect(await publishToFeed(secret)).toBe(false);
    expect((await recentFeed()).map((r) => r.id)).not.toContain(secret.id);
  });

  it("streams the replay, then new public generations live, with absolute image URLs", async () => {
    const before = await succeededRow(`before connect ${run}`);
    await publishToFeed(before);
    const abort = new AbortController();
    const stream = feedStream(
      new Request("http://127.0.0.1:3999/api/v1/feed", { signal: abort.signal }),
    );
    const replay = await readEvents(stream, 1);
    expect(replay.map((i) => i.id)).toEqual([before.id]);
    expect(replay[0]!.imageURL).toMatch(/^http:\/\/127\.0\.0\.1:3999\/i\/avatars\//);

    const secret = await succeededRow(`private live ${run}`, true);
    await publishToFeed(secret);
    const live = await succeededRow(`live ${run}`);
    await publishToFeed(live);
    expect((await readEvents(stream, 1)).map((i) => i.id)).toEqual([live.id]);
    abort.abort();
  });

  it("resumes after Last-Event-ID with only what came after it", async () => {
    const [a, b, c] = [
      await succeededRow(`resume a ${run}`),
      await succeededRow(`resume b ${run}`),
      await succeededRow(`resume c ${run}`),
    ];
    for (const row of [a!, b!, c!]) await publishToFeed(row);
    const abort = new AbortController();
    const stream = feedStream(
      new Request("http://127.0.0.1:3999/api/v1/feed", {
        signal: abort.signal,
        headers: { "last-event-id": a!.id },
      }),
    );
    expect((await readEvents(stream, 2)).map((i) => i.id)).toEqual([b!.id, c!.id]);
    abort.abort();
  });
});

describe("the worker and the feed", () => {
  // The production worker (workers/run.ts), with the local generator this environment configures.
  let workers: RunningWorkers;
  beforeAll(async () => {
    await queue("generations").obliterate({ force: true });
    workers = startWorkers(env());
  });
  afterAll(async () => {
    await workers.close();
  });

  async function succeeded(id: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if ((await getGeneration(id))?.status === "succeeded") return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`generation ${id} did not succeed`);
  }

  it("publishes a person's public generation once it succeeds, and never a private one", async () => {
    const input = (prompt: string, isPrivate: boolean) =>
      generationInputSchema.parse({ prompt, seed: 7, width: 128, height: 128, private: isPrivate });
    const secret = await requestGeneration(input(`worker private ${run}`, true));
    const shared = await requestGeneration(input(`worker public ${run}`, false));
    await Promise.all([succeeded(secret.row.id), succeeded(shared.row.id)]);
    await expect.poll(async () => (await recentFeed()).map((i) => i.id)).toContain(shared.row.id);
    const recent = await recentFeed();
    expect(recent.map((i) => i.id)).not.toContain(secret.row.id);
    expect(recent.find((i) => i.id === shared.row.id)).toMatchObject({
      prompt: `worker public ${run}`,
      width: 128,
      height: 128,
      seed: 7,
    });
  });
});
