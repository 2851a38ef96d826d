import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/auth/api-keys";
import { limitsFor } from "@/lib/auth/tiers";
import { subjectFor, type Identity } from "@/lib/auth/types";
import { closeDb, query } from "@/lib/db";
import { generationInputSchema } from "@/lib/generations/normalize";
import { type Caller, requestGeneration } from "@/lib/generations/service";
import { createLocalProvider } from "@/lib/providers/local";
import { type ImageProvider, ProviderError } from "@/lib/providers/types";
import { WEBHOOK_ATTEMPTS } from "@/lib/queue/contract";
import { closeQueues, queue, worker } from "@/lib/queue/queues";
import { closeRedis } from "@/lib/redis";
import { queueGenerationWebhooks } from "@/lib/webhooks/deliveries";
import type { WebhookEvent } from "@/lib/generations/webhook-event";
import {
  type ReceivedWebhook,
  startWebhookReceiver,
  verifyReceived,
  type WebhookReceiver,
} from "@/dev/webhook-receiver";
import { generationProcessor } from "./generation-processor";
import { webhookProcessor } from "./webhook-processor";

// Retries 50 ms, 100 ms, … apart instead of 5 s, 10 s, …; read when the first job is queued.
process.env.WEBHOOK_RETRY_BASE_MS = "50";

/** A real receiver on loopback; `answers` is the status of each POST in turn (then 204). */
let receiver: WebhookReceiver;
let received: ReceivedWebhook[] = [];

/** The real local generator; `fail` makes it fail for good, the way a provider refusal does. */
const local = createLocalProvider();
let fail = false;
const provider: ImageProvider = {
  name: "local",
  async generate(...args) {
    if (fail) throw new ProviderError("local", "permanent", "the prompt was refused");
    return local.generate(...args);
  },
};

let workers: ReturnType<typeof worker>[] = [];
let caller: Caller & { webhook: NonNullable<Caller["webhook"]> };
let secret: string;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  const { port } = receiver;

  await Promise.all(
    (["generations", "webhooks"] as const).map((q) => queue(q).obliterate({ force: true })),
  );
  workers = [
    worker(
      "generations",
      generationProcessor({
        providers: [provider],
        requestVariants: async () => undefined,
        onEnded: (id) => queueGenerationWebhooks(id),
      }),
    ),
    // Only this receiver's host:port is allowed past the SSRF rules, as OUTBOUND_ALLOWED_HOSTS would.
    worker(
      "webhooks",
      webhookProcessor(() => ({ allowedHosts: [`127.0.0.1:${port}`] })),
    ),
  ];

  const email = `hooks-${randomUUID()}@webhooks.test`;
  const [user] = await query<{ id: string }>(
    "insert into auth.users (email) values ($1) returning id",
    [email],
  );
  await query("update public.profiles set tier_id = 'enterprise' where id = $1", [user!.id]);
  const key = await createApiKey({ ownerId: user!.id, name: "hooks" });
  secret = key.webhookSecret;
  const identity: Identity = {
    kind: "api_key",
    subject: subjectFor.user(user!.id),
    tier: "enterprise",
    userId: user!.id,
    email,
    apiKeyId: key.id,
    apiKeyDailyLimit: null,
    ip: null,
    overrides: {},
  };
  caller = {
    identity,
    limits: await limitsFor("enterprise"),
    webhook: { url: receiver.url, origin: "https://likeness.example" },
  };
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await receiver.close();
  await closeQueues();
  await closeRedis();
  await closeDb();
});

beforeEach(() => {
  receiver.reset();
  received = receiver.received;
  fail = false;
});

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>) {
  for (let i = 0; i < 400; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function deliveryOf(generationId: string) {
  const [row] = await query<{
    id: string;
    attempts: number;
    last_status: number | null;
    delivered_at: Date | null;
    failed_at: Date | null;
    event_type: string;
  }>(
    `select id, attempts, last_status, delivered_at, failed_at, event_type
     from public.webhook_deliveries where generation_id = $1`,
    [generationId],
  );
  return row;
}

const input = (prompt: string) =>
  generationInputSchema.parse({ prompt, seed: 5, width: 128, height: 128 });

/** Verifies a received event with the standardwebhooks library and the key's secret. */
const verified = (r: ReceivedWebhook): WebhookEvent => verifyReceived(r, secret);

describe("webhook deliveries", () => {
  it("POSTs a signed generation.succeeded event, retrying a receiver that answered 500", async () => {
    receiver.answers = [500, 503];
    const ticket = await requestGeneration(input(`webhook retry ${randomUUID()}`), caller);
    expect(ticket.cache).toBe("MISS");

    await until("three attempts", () => (received.length >= 3 ? true : undefined));
    const delivery = await until("delivery", async () => {
      const d = await deliveryOf(ticket.row.id);
      return d?.delivered_at ? d : undefined;
    });
    expect(delivery).toMatchObject({
      attempts: 3,
      last_status: 204,
      failed_at: null,
      event_type: "generation.succeeded",
    });
    // The same id and body on every attempt, each one signed so that it verifies.
    expect(new Set(received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([delivery.id]));
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    const event = verified(received.at(-1)!);
    expect(event).toMatchObject({
      type: "generation.succeeded",
      data: { id: ticket.row.id, status: "succeeded", provider: "local", width: 128 },
    });
    expect(event.data.images?.png).toMatch(/^https:\/\/likeness\.example\/i\//);
    expect(event.data.events_url).toBe(
      `https://likeness.example/api/v1/generations/${ticket.row.id}/events`,
    );
    expect(received[0]!.headers["content-type"]).toBe("application/json");
  });

  it("still sends the event of a cache hit", async () => {
    const prompt = `webhook hit ${randomUUID()}`;
    const first = await requestGeneration(input(prompt), caller);
    await until("first event", () => (received.length >= 1 ? true : undefined));
    const hit = await requestGeneration(input(prompt), caller);
    expect(hit.cache).toBe("HIT");
    await until("second event", () => (received.length >= 2 ? true : undefined));
    const [a, b] = received.map(verified);
    expect(a!.data.id).toBe(first.row.id);
    expect(b!.data.id).toBe(first.row.id);
    expect(received[0]!.headers["webhook-id"]).not.toBe(received[1]!.headers["webhook-id"]);
  });

  it("sends generation.failed when the generation fails", async () => {
    fail = true;
    const ticket = await requestGeneration(input(`webhook failure ${randomUUID()}`), caller);
    await until("event", () => (received.length >= 1 ? true : undefined));
    expect(verified(received[0]!)).toMatchObject({
      type: "generation.failed",
      data: { id: ticket.row.id, status: "failed", error: { code: "provider_rejected" } },
    });
  });

  it("refuses at connect time a receiver the SSRF rules do not allow, without retrying", async () => {
    // Registered past the API's own check (called directly here): the worker checks again.
    const elsewhere = { ...caller, webhook: { ...caller.webhook, url: "http://127.0.0.2:9/x" } };
    const ticket = await requestGeneration(input(`webhook refused ${randomUUID()}`), elsewhere);
    const delivery = await until("given up", async () => {
      const d = await deliveryOf(ticket.row.id);
      return d?.failed_at ? d : undefined;
    });
    expect(delivery).toMatchObject({ attempts: 1, last_status: null, delivered_at: null });
    const [row] = await query<{ last_error: string }>(
      "select last_error from public.webhook_deliveries where id = $1",
      [delivery.id],
    );
    expect(row!.last_error).toMatch(/refused: 127\.0\.0\.2 is a loopback address/);
    expect(received).toHaveLength(0);
  });

  it("keeps secrets and deliveries server-only: RLS on, no policies", async () => {
    const rows = await query<{ relname: string; rls: boolean; policies: number }>(
      `select c.relname, c.relrowsecurity as rls,
              (select count(*)::int from pg_policies p where p.tablename = c.relname) as policies
       from pg_class c where c.relnamespace = 'public'::regnamespace
         and c.relname in ('webhook_signing_secrets', 'webhook_deliveries') order by 1`,
    );
    expect(rows).toEqual([
      { relname: "webhook_deliveries", rls: true, policies: 0 },
      { relname: "webhook_signing_secrets", rls: true, policies: 0 },
    ]);
  });

  it.each([
    [410, 1, "gives up at once on a 4xx"],
    [429, WEBHOOK_ATTEMPTS, "retries a 429 until the attempts run out"],
  ])("answered %i: %i attempt(s), %s", async (status, attempts) => {
    receiver.answers = Array.from({ length: WEBHOOK_ATTEMPTS }, () => status);
    const ticket = await requestGeneration(input(`webhook ${status} ${randomUUID()}`), caller);
    const delivery = await until("given up", async () => {
      const d = await deliveryOf(ticket.row.id);
      return d?.failed_at ? d : undefined;
    });
    expect(delivery).toMatchObject({ attempts, last_status: status, delivered_at: null });
    expect(received).toHaveLength(attempts);
  });
});
