import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ cookies: vi.fn() }));

const { closeDb, query } = await import("@/lib/db");
const { closeQueues } = await import("@/lib/queue/queues");
const { closeRedis, readyRedis } = await import("@/lib/redis");
const { setBudget } = await import("@/lib/spend/budgets");
const { POST: generate } = await import("@/app/api/v1/generations/route");
const { GET: poll } = await import("@/app/api/v1/generations/[id]/route");
const { startSimulator } = await import("@/dev/simulator/server");
const { startWebhookReceiver, verifyReceived } = await import("@/dev/webhook-receiver");
const { call, newAccount, newAddress, uniqueBody } = await import("./http");
const { cleanSlate, until, Workers } = await import("./lifecycle");

/**
 * Issue 12's budget drill, through the API and a real worker process with the simulator as Fal and
 * Replicate: a budget of one cent and a hard cap of 1.3 cents, Fal FLUX schnell at $0.003 an image.
 * Alerts at 50, 80 and 100% reach a receiver once each, signed; past 100% a free request is made by
 * the built-in generator and says so while a premium one still reaches the provider; past the hard
 * cap premium gets 503 budget_exhausted; the ledger matches the simulator's call count exactly.
 */
const ALERT_SECRET = "whsec_YnVkZ2V0LWFsZXJ0cy1zZWNyZXQtZm9yLXRlc3Rz";
const LIMIT = 0.01;
const HARD_CAP = 0.013;
const PRICE = 0.003; // fal-ai/flux/schnell, one started megapixel

let sim: Awaited<ReturnType<typeof startSimulator>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let workers: InstanceType<typeof Workers>;

async function clearSpend(): Promise<void> {
  const redis = await readyRedis();
  const keys = await redis.keys("likeness:spend:*");
  if (keys.length) await redis.del(...keys);
  await query("delete from public.budget_alerts");
  await query("delete from public.provider_calls");
}

beforeAll(async () => {
  await cleanSlate();
  await clearSpend();
  sim = await startSimulator({
    port: 0,
    initialFaults: { fal: { latencyMs: 200 }, replicate: {} },
  });
  receiver = await startWebhookReceiver();
  await setBudget({ accountId: null, period: "month", limitUsd: LIMIT, hardCapUsd: HARD_CAP });
  workers = new Workers({
    FAL_KEY: "sim-key",
    FAL_BASE_URL: sim.url,
    REPLICATE_API_TOKEN: "sim-token",
    REPLICATE_BASE_URL: `${sim.url}/v1`,
    ALERT_WEBHOOK_URL: receiver.url,
    ALERT_WEBHOOK_SECRET: ALERT_SECRET,
    OUTBOUND_ALLOWED_HOSTS: new URL(receiver.url).host,
    WEBHOOK_RETRY_BASE_MS: "50",
  });
  await workers.start();
}, 60_000);

afterAll(async () => {
  workers?.killAll();
  await setBudget({ accountId: null, period: "month", limitUsd: 500, hardCapUsd: null });
  await sim?.close();
  await receiver?.close();
  await closeQueues();
  await closeRedis();
  await closeDb();
});

interface View {
  id: string;
  status: string;
  provider: string | null;
  fallback: { generator: string; reason: string } | null;
}

/** One new generation as `session`, waited for until it ends. */
async function generateAs(session: string, label: string): Promise<{ status: number; view: View }> {
  const response = await call(generate, "/api/v1/generations", {
    from: newAddress(),
    headers: { cookie: session },
    json: uniqueBody(label, { width: 256, height: 256 }),
  });
  if (response.status >= 400) return { status: response.status, view: await response.json() };
  const { id } = (await response.json()) as View;
  const view = await until(
    `generation ${label} to end`,
    async () => {
      const current = (await (
        await poll(
          new Request(`http://127.0.0.1:3999/api/v1/generations/${id}`, {
            headers: { cookie: session },
          }),
          { params: Promise.resolve({ id }) } as never,
        )
      ).json()) as View;
      return current.status === "succeeded" || current.status === "failed" ? current : undefined;
    },
    30_000,
  );
  return { status: response.status, view };
}

describe("the spend budget", { timeout: 120_000 }, () => {
  it("alerts at 50, 80 and 100% once each, then serves free requests locally, premium ones until the hard cap", async () => {
    const free = await newAccount("free");
    const premium = await newAccount("premium");
    const alertsAt = async (n: number) =>
      until(
        `${n} alert(s) at the receiver`,
        async () => (receiver.received.length >= n ? receiver.received : undefined),
        10_000,
      );

    // $0.003, $0.006 (50% of $0.01), $0.009 (80%): a free user, on FLUX.
    for (const n of [1, 2, 3]) {
      const made = await generateAs(free.session, `budget free ${n}`);
      expect(made.view, `free ${n}`).toMatchObject({
        status: "succeeded",
        provider: "fal",
        fallback: null,
      });
    }
    await alertsAt(2);
    // $0.012: 100%, by a premium user.
    expect((await generateAs(premium.session, "budget premium 1")).view).toMatchObject({
      status: "succeeded",
      provider: "fal",
    });
    const alerts = await alertsAt(3);

    // Past 100%: a free request is made by the built-in generator, and says so; no provider call.
    const submitsBefore = sim.counts().fal.submits + sim.counts().replicate.submits;
    const local = await generateAs(free.session, "budget free after");
    expect(local.status).toBe(202);
    expect(local.view).toMatchObject({
      status: "succeeded",
      provider: "local",
      fallback: { generator: "local", reason: "budget" },
    });
    expect(sim.counts().fal.submits + sim.counts().replicate.submits).toBe(submitsBefore);

    // Premium still reaches the provider: $0.015, past the hard cap of $0.013…
    expect((await generateAs(premium.session, "budget premium 2")).view).toMatchObject({
      status: "succeeded",
      provider: "fal",
    });
    // …then is refused until the month resets.
    const refused = await call(generate, "/api/v1/generations", {
      from: newAddress(),
      headers: { cookie: premium.session },
      json: uniqueBody("budget premium 3", { width: 256, height: 256 }),
    });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      "budget_exhausted",
    );
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);

    // Each threshold once, signed with the alert secret, in order.
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received).toHaveLength(3);
    const events = alerts.map((a) => verifyReceived(a, ALERT_SECRET)) as unknown as {
      type: string;
      data: { threshold_percent: number };
    }[];
    expect(events.map((e) => [e.type, e.data.threshold_percent])).toEqual([
      ["budget.threshold_reached", 50],
      ["budget.threshold_reached", 80],
      ["budget.threshold_reached", 100],
    ]);

    // The ledger: one row per provider call, and its sum is what the simulator was paid for.
    const calls = sim.counts().fal.submits + sim.counts().replicate.submits;
    expect(calls).toBe(5);
    const [ledger] = await query<{ calls: number; cost: string }>(
      "select count(*)::int as calls, sum(cost_usd) as cost from public.provider_calls",
    );
    expect(ledger!.calls).toBe(calls);
    expect(Number(ledger!.cost)).toBeCloseTo(calls * PRICE, 6);
  });

  it("refuses an account past its own budget with 402, whatever the service's budget", async () => {
    await setBudget({ accountId: null, period: "month", limitUsd: 500, hardCapUsd: null });
    const enterprise = await newAccount("enterprise");
    await setBudget({ accountId: enterprise.id, period: "month", limitUsd: 0.001 });
    expect((await generateAs(enterprise.session, "account budget 1")).view).toMatchObject({
      status: "succeeded",
      provider: "fal",
    });
    const refused = await call(generate, "/api/v1/generations", {
      from: newAddress(),
      headers: { cookie: enterprise.session },
      json: uniqueBody("account budget 2", { width: 256, height: 256 }),
    });
    expect(refused.status).toBe(402);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      "account_budget_exhausted",
    );
  });
});
