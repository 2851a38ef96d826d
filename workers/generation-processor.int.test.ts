import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, query } from "@/lib/db";
import { forgetSuccess } from "@/lib/generations/hot-cache";
import { generationInputSchema, normalizeGeneration } from "@/lib/generations/normalize";
import { getGeneration, type GenerationRow, upsertQueued } from "@/lib/generations/repository";
import { requestGeneration } from "@/lib/generations/service";
import { resetCircuitBreakers } from "@/lib/providers/chain";
import { createLocalProvider } from "@/lib/providers/local";
import { type ImageProvider, ProviderError } from "@/lib/providers/types";
import { closeQueues, queue, worker as workerFor } from "@/lib/queue/queues";
import { closeRedis, readyRedis } from "@/lib/redis";
import { setBudget } from "@/lib/spend/budgets";
import { addSpend } from "@/lib/spend/counters";
import { headObject } from "@/lib/storage";
import { galleryEntry } from "@/lib/gallery/prompts";
import { galleryProcessor } from "./gallery-processor";
import { recordFinalFailure } from "./failure";
import { generationProcessor, variantsProcessor } from "./generation-processor";

/** The real local provider, counting its calls; `fail` makes it fail the way a provider can. */
const local = createLocalProvider();
const provider = {
  name: "local" as const,
  calls: 0,
  fail: undefined as ProviderError["kind"] | undefined,
  async generate(...args: Parameters<ImageProvider["generate"]>) {
    provider.calls++;
    if (provider.fail)
      throw new ProviderError("local", provider.fail, `simulated ${provider.fail} failure`);
    return local.generate(...args);
  },
};

let worker: ReturnType<typeof workerFor>;
let variantsWorker: ReturnType<typeof workerFor>;

beforeAll(async () => {
  await Promise.all([
    queue("generations").obliterate({ force: true }),
    queue("variants").obliterate({ force: true }),
  ]);
  worker = workerFor("generations", generationProcessor({ providers: [provider] }), {
    concurrency: 4,
  });
  variantsWorker = workerFor("variants", variantsProcessor());
});
afterAll(async () => {
  await Promise.all([worker.close(), variantsWorker.close()]);
  await closeQueues();
  await closeRedis();
  await closeDb();
});
beforeEach(() => {
  provider.calls = 0;
  provider.fail = undefined;
  resetCircuitBreakers();
});

/** The row once it has ended, and (when it succeeded) once its WebP variants are recorded too. */
async function settled(id: string): Promise<GenerationRow> {
  for (let i = 0; i < 200; i++) {
    const row = await getGeneration(id);
    if (row?.status === "failed") return row;
    if (row?.status === "succeeded" && !row.object_keys?.variants_pending) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`generation ${id} did not finish`);
}

const input = (prompt: string, extra: Record<string, unknown> = {}) =>
  generationInputSchema.parse({ prompt, seed: 42, width: 256, height: 256, ...extra });

describe("generation pipeline", () => {
  it("generates once, stores every variant, then serves the cache without a provider call", async () => {
    const first = await requestGeneration(input("smiling fox with glasses"));
    expect(first.cache).toBe("MISS");
    const done = await settled(first.row.id);
    expect(done).toMatchObject({
      status: "succeeded",
      provider: "local",
      width: 256,
      height: 256,
      seed: 42,
    });
    // A 256 px image has the 256 and 128 px WebPs, never an upscaled 512 or 1024.
    expect(Object.keys(done.object_keys!.webp).sort()).toEqual(["128", "256"]);
    for (const key of [done.object_keys!.png, ...Object.values(done.object_keys!.webp)]) {
      expect(await headObject(key), key).not.toBeNull();
    }
    const again = await requestGeneration(input("smiling   fox with glasses"));
    expect(again).toMatchObject({ cache: "HIT", row: { id: first.row.id } });
    expect(provider.calls).toBe(1);
  });

  it("answers a repeated request from the Redis hot cache, in front of the table", async () => {
    const first = await requestGeneration(input("hot cache fox"));
    await settled(first.row.id);
    expect((await requestGeneration(input("hot cache fox"))).cache).toBe("HIT"); // read-through fill
    // Change the table behind the cache: a hit from Redis still shows what it remembered.
    await query("update public.generations set provider = 'fal' where id = $1", [first.row.id]);
    const hit = await requestGeneration(input("hot cache fox"));
    expect(hit).toMatchObject({
      cache: "HIT",
      row: { id: first.row.id, provider: "local", status: "succeeded" },
    });
    expect(hit.row.created_at).toBeInstanceOf(Date);
    await forgetSuccess(first.row.request_hash);
    expect((await requestGeneration(input("hot cache fox"))).row.provider).toBe("fal");
  });

  it("makes exactly one provider call for 20 identical concurrent requests", async () => {
    const tickets = await Promise.all(
      Array.from({ length: 20 }, () => requestGeneration(input("twenty foxes"))),
    );
    expect(new Set(tickets.map((t) => t.row.id)).size).toBe(1);
    await settled(tickets[0]!.row.id);
    expect(provider.calls).toBe(1);
    const rows = await query("select id from public.generations where prompt = 'twenty foxes'");
    expect(rows).toHaveLength(1);
  });

  it("fails a permanently rejected request at once, storing nothing, and lets a later identical request retry", async () => {
    provider.fail = "permanent";
    const ticket = await requestGeneration(input("rejected prompt"));
    const failed = await settled(ticket.row.id);
    expect(failed).toMatchObject({
      status: "failed",
      error_code: "provider_rejected",
      object_keys: null,
    });
    expect(provider.calls).toBe(1);

    provider.fail = undefined;
    const retry = await requestGeneration(input("rejected prompt"));
    expect(retry).toMatchObject({ cache: "MISS", row: { id: ticket.row.id, status: "queued" } });
    expect(await settled(retry.row.id)).toMatchObject({ status: "succeeded" });
  });

  it("ends the row when BullMQ fails a job itself (stalled too often), and only when the failure is final", async () => {
    const row = await upsertQueued("f".repeat(64), normalizeGeneration(input("lost to crashes")), {
      private: false,
    });
    const job = (attemptsMade: number) =>
      ({ data: { generationId: row.id }, attemptsMade, opts: { attempts: 5 } }) as never;
    await recordFinalFailure(job(1), new Error("connection reset"));
    expect(await getGeneration(row.id)).toMatchObject({ status: "queued" });
    await recordFinalFailure(job(1), new Error("job stalled more than allowable limit"));
    expect(await getGeneration(row.id)).toMatchObject({
      status: "failed",
      error_code: "worker_lost",
    });
  });

  it("gives each omitted seed a fresh random one, so a new request is a new image", async () => {
    const a = await requestGeneration(
      generationInputSchema.parse({ prompt: "random fox", width: 256, height: 256 }),
    );
    const b = await requestGeneration(
      generationInputSchema.parse({ prompt: "random fox", width: 256, height: 256 }),
    );
    expect(a.row.id).not.toBe(b.row.id);
    await Promise.all([settled(a.row.id), settled(b.row.id)]);
  });

  it("does nothing for a job whose generation already succeeded (a retried job after a crash)", async () => {
    const ticket = await requestGeneration(input("crash-safe fox"));
    await settled(ticket.row.id);
    const processor = generationProcessor({ providers: [provider] });
    const job = {
      data: {
        generationId: ticket.row.id,
        requestHash: ticket.row.request_hash,
        request: ticket.row.params,
      },
      opts: { attempts: 1 },
      updateProgress: async () => {},
    };
    await processor(job as never);
    expect(provider.calls).toBe(1);
    expect(await getGeneration(ticket.row.id)).toMatchObject({ status: "succeeded" });
  });

  it("records success with only the original, then the variants follow on their own queue", async () => {
    const ticket = await requestGeneration(
      input("original first fox", { width: 512, height: 512 }),
    );
    const asked: unknown[] = [];
    const processor = generationProcessor({
      providers: [provider],
      requestVariants: async (...args: unknown[]) => void asked.push(args),
    });
    const job = {
      data: {
        generationId: ticket.row.id,
        requestHash: ticket.row.request_hash,
        request: ticket.row.params,
      },
      opts: { attempts: 1 },
      updateProgress: async () => {},
    };
    await processor(job as never);
    const stored = (await getGeneration(ticket.row.id))!;
    expect(stored).toMatchObject({
      status: "succeeded",
      object_keys: { webp: {}, variants_pending: true },
    });
    expect(await headObject(stored.object_keys!.png)).not.toBeNull();
    expect(asked).toHaveLength(1);

    await variantsProcessor()({ data: { generationId: ticket.row.id } } as never);
    const done = (await getGeneration(ticket.row.id))!;
    expect(done.object_keys!.variants_pending).toBeUndefined();
    expect(done.object_keys!.png).toBe(stored.object_keys!.png);
    expect(Object.keys(done.object_keys!.webp).sort()).toEqual(["128", "256", "512"]);
  });
});

describe("gallery batch jobs", () => {
  const INDEX = 987_654;
  const entry = galleryEntry(INDEX);
  const remove = () =>
    query("delete from public.gallery_avatars where style = $1 and seed = $2 and prompt = $3", [
      entry.style,
      entry.seed,
      entry.prompt,
    ]);
  beforeEach(remove);
  afterAll(remove);

  it("makes a gallery avatar through the providers, with every variant, once", async () => {
    const processor = galleryProcessor({ providers: [provider] });
    const job = { data: { index: INDEX }, attemptsMade: 0, opts: { attempts: 5 } } as never;
    expect(await processor(job)).toEqual({ index: INDEX, skipped: false });
    expect(await processor(job)).toEqual({ index: INDEX, skipped: true });
    expect(provider.calls).toBe(1);
    const [row] = await query<{ object_keys: { webp: Record<string, string> }; width: number }>(
      "select object_keys, width from public.gallery_avatars where seed = $1 and prompt = $2",
      [entry.seed, entry.prompt],
    );
    expect(row!.width).toBe(1024);
    expect(Object.keys(row!.object_keys.webp).sort()).toEqual(["1024", "128", "256", "512"]);
  });

  it("past the service's budget, makes it with the built-in generator instead of a paid provider", async () => {
    const paid = { ...provider, name: "fal" as const, calls: 0 };
    paid.generate = async (...args) => {
      paid.calls++;
      return provider.generate(...args);
    };
    const spendKeys = async () => (await readyRedis()).keys("likeness:spend:*");
    try {
      await setBudget({ accountId: null, period: "month", limitUsd: 0.01 });
      await addSpend(0.01, null);
      const job = { data: { index: INDEX }, attemptsMade: 0, opts: { attempts: 5 } } as never;
      expect(await galleryProcessor({ providers: [paid] })(job)).toEqual({
        index: INDEX,
        skipped: false,
      });
      expect(paid.calls, "no paid provider was called").toBe(0);
      expect(
        await query("select 1 from public.gallery_avatars where seed = $1 and prompt = $2", [
          entry.seed,
          entry.prompt,
        ]),
      ).toHaveLength(1);
    } finally {
      await setBudget({ accountId: null, period: "month", limitUsd: 500 });
      const keys = await spendKeys();
      if (keys.length) await (await readyRedis()).del(...keys);
    }
  });
});
