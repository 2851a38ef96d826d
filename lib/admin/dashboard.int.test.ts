import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, query } from "@/lib/db";
import { PRIORITY } from "@/lib/queue/contract";
import { closeQueues, queue } from "@/lib/queue/queues";
import { cachePerHour, hourWindow, outcomesPerHour, providerShare } from "./generation-stats";

vi.mock("server-only", () => ({}));
const { loadDashboard } = await import("./dashboard");

// A fixed "now" far from the other tests' rows (which are stamped with the real time).
const NOW = new Date("2031-03-05T14:25:00Z");
const at = (hoursAgo: number, minute = 10) =>
  new Date(Date.UTC(2031, 2, 5, 14 - hoursAgo, minute)).toISOString();

async function generation(row: {
  completedAt: string;
  status: "succeeded" | "failed" | "running";
  provider?: string;
  code?: string;
}): Promise<string> {
  const [g] = await query<{ id: string }>(
    `insert into public.generations (request_hash, params, prompt, model, provider, status, error_code,
       created_at, completed_at)
     values ($1, '{}', 'dashboard', 'flux-schnell', $2, $3, $4, $5::timestamptz - interval '1 minute', $6)
     returning id`,
    [
      randomUUID().replaceAll("-", "").padEnd(64, "0"),
      row.provider ?? null,
      row.status,
      row.code ?? null,
      row.completedAt,
      row.status === "running" ? null : row.completedAt,
    ],
  );
  return g!.id;
}

async function request(generationId: string, createdAt: string, charged: boolean): Promise<void> {
  await query(
    `insert into public.generation_requests (generation_id, subject, charged_day, created_at)
     values ($1, 'anon:dashboard', $2, $3)`,
    [generationId, charged ? createdAt.slice(0, 10) : null, createdAt],
  );
}

beforeAll(async () => {
  await query("delete from public.generations where prompt = 'dashboard'");
  const a = await generation({ completedAt: at(0), status: "succeeded", provider: "fal" });
  const b = await generation({
    completedAt: at(0, 20),
    status: "succeeded",
    provider: "replicate",
  });
  await generation({ completedAt: at(2), status: "succeeded", provider: "fal" });
  await generation({ completedAt: at(2), status: "failed", code: "content_flagged" });
  await generation({ completedAt: at(2), status: "failed", code: "providers_unavailable" });
  await generation({ completedAt: at(5), status: "failed", code: "providers_unavailable" });
  // Outside the 24 hours, and one still running: in no chart.
  await generation({ completedAt: at(30), status: "succeeded", provider: "local" });
  await generation({ completedAt: at(1), status: "running" });
  await request(a, at(0), true);
  await request(a, at(0, 30), false);
  await request(a, at(0, 40), false);
  await request(a, at(3), true);
  await request(a, at(40), false);
  // b failed over: Fal, then Replicate; a had one call (the ledger, provider_calls).
  await call(b, "fal", at(0, 18), "failed");
  await call(b, "replicate", at(0, 19), "succeeded");
  await call(a, "fal", at(0, 8), "succeeded");
});

async function call(generationId: string, provider: string, submittedAt: string, outcome: string) {
  await query(
    `insert into public.provider_calls (id, generation_id, provider, model, width, height, submitted_at, ended_at, outcome)
     values ($1, $2, $3, 'flux-schnell', 256, 256, $4, $4, $5)`,
    [randomUUID(), generationId, provider, submittedAt, outcome],
  );
}

afterAll(async () => {
  await query("delete from public.generations where prompt = 'dashboard'");
  await closeQueues();
  await closeDb();
});

describe("the admin page's figures", () => {
  const window = hourWindow(NOW, 24);

  it("covers the 24 whole UTC hours up to the current one", () => {
    expect(window.from.toISOString()).toBe("2031-03-04T15:00:00.000Z");
    expect(window.to.toISOString()).toBe("2031-03-05T15:00:00.000Z");
  });

  it("counts generations per hour by outcome, failures by code, every hour present", async () => {
    const outcomes = await outcomesPerHour(window);
    expect(outcomes.rows).toHaveLength(24);
    expect(outcomes.rows.at(-1)).toEqual({
      hour: "2031-03-05T14:00:00.000Z",
      succeeded: 2,
      failed: {},
    });
    expect(outcomes.rows.at(-3)).toEqual({
      hour: "2031-03-05T12:00:00.000Z",
      succeeded: 1,
      failed: { content_flagged: 1, providers_unavailable: 1 },
    });
    expect(outcomes.rows.at(-2)).toMatchObject({ succeeded: 0, failed: {} });
    expect(outcomes.codes).toEqual(["providers_unavailable", "content_flagged"]);
    expect(outcomes.totals).toEqual({ succeeded: 3, failed: 3 });
  });

  it("counts requests answered from the cache against those charged", async () => {
    const cache = await cachePerHour(window);
    expect(cache.rows).toHaveLength(24);
    expect(cache.rows.at(-1)).toEqual({ hour: "2031-03-05T14:00:00.000Z", hits: 2, misses: 1 });
    expect(cache.totals).toEqual({ hits: 2, misses: 2 });
  });

  it("shares the successes out by provider, and counts the generations that failed over", async () => {
    expect(await providerShare(window)).toEqual({
      providers: [
        { provider: "fal", generations: 2 },
        { provider: "replicate", generations: 1 },
      ],
      failovers: 1,
    });
  });

  it("reads the queue now, and shows one section's failure without losing the others", async () => {
    const q = queue("generations");
    await q.obliterate({ force: true });
    await q.pause();
    for (const [i, priority] of [PRIORITY.premium, PRIORITY.free, PRIORITY.free].entries()) {
      await q.add("gallery", { index: i }, { priority, jobId: `dashboard-${i}` });
    }
    const dashboard = await loadDashboard(NOW);
    expect(dashboard.queues.ok && dashboard.queues.data.lanes).toEqual([
      { lane: "enterprise", waiting: 0 },
      { lane: "premium", waiting: 1 },
      { lane: "free", waiting: 2 },
      { lane: "anonymous", waiting: 0 },
      { lane: "batch", waiting: 0 },
      { lane: "other", waiting: 0 },
    ]);
    expect(dashboard.outcomes.ok && dashboard.outcomes.data.totals.succeeded).toBe(3);
    await q.obliterate({ force: true });

    const broken = vi.spyOn(q, "getJobCounts").mockRejectedValue(new Error("redis down"));
    const partial = await loadDashboard(NOW);
    broken.mockRestore();
    expect(partial.queues).toEqual({ ok: false, error: expect.any(String) });
    expect(partial.cache.ok).toBe(true);
  });
});
