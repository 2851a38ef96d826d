// Webhooks of the native async API against the production build: an enterprise API key (made with
// the admin CLI, as an operator would), a signed event to a receiver on loopback (allow-listed for
// exactly its port in playwright.config.ts), retried after a 500; and webhook URLs that point inside
// the network refused before anything is charged or queued.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { localDatabaseUrl, localStack } from "../lib/local-stack";
import {
  startWebhookReceiver,
  verifyReceived,
  webhookHeaders,
  type WebhookReceiver,
} from "../dev/webhook-receiver";
import { WEBHOOK_RECEIVER_PORT } from "../playwright.config";
import { admin } from "./admin-cli";
import { expect, test } from "./fixtures";

let receiver: WebhookReceiver;
const receiverUrl = `http://127.0.0.1:${WEBHOOK_RECEIVER_PORT}/hooks/likeness`;

async function withDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: localDatabaseUrl(localStack({ ...process.env, LIKENESS_PROFILE: "test" })),
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let key: string;
let secret: string;

test.beforeAll(async () => {
  receiver = await startWebhookReceiver(WEBHOOK_RECEIVER_PORT);
  const email = `hooks-${randomUUID().slice(0, 8)}@e2e.test`;
  await admin("user:create", "--email", email, "--tier", "enterprise");
  const created = await admin<{ key: string; webhookSecret: string }>(
    "key:create",
    "--email",
    email,
    "--name",
    "webhooks",
  );
  key = created.key;
  secret = created.webhookSecret;
  expect(secret).toMatch(/^whsec_/);
});

test.afterAll(() => receiver.close());

test.beforeEach(() => receiver.reset());

const auth = () => ({ Authorization: `Bearer ${key}` });

test.describe("webhooks", () => {
  test("a signed generation.succeeded event arrives, after a retry when the receiver answered 500", async ({
    request,
  }) => {
    receiver.answers = [500];
    const response = await request.post("/api/v1/generations", {
      headers: auth(),
      data: {
        prompt: `webhook fox ${randomUUID()}`,
        seed: 7,
        width: 256,
        height: 256,
        webhook_url: receiverUrl,
      },
    });
    expect(response.status(), await response.text()).toBe(202);
    const queued = (await response.json()) as { id: string; webhook: unknown };
    expect(queued.webhook).toEqual({ url: receiverUrl, status: "registered" });

    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(2);
    const [first, second] = receiver.received;
    expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    const event = verifyReceived(second!, secret);
    expect(event).toMatchObject({
      type: "generation.succeeded",
      data: { id: queued.id, status: "succeeded" },
    });
    // The event's URLs are absolute and work as they are.
    const image = await request.get(event.data.images!.png);
    expect(image.status()).toBe(200);
    expect(image.headers()["content-type"]).toBe("image/png");
    // A forged signature does not verify.
    expect(() =>
      new Webhook(secret).verify(
        second!.body.replace(queued.id, randomUUID()),
        webhookHeaders(second!),
      ),
    ).toThrow();
  });

  for (const url of [
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.5/hook",
    "http://[::1]/",
    "http://localhost/",
    `http://127.0.0.1:${WEBHOOK_RECEIVER_PORT + 1}/hook`,
  ]) {
    test(`refuses webhook_url ${url} with a 422, charging and queueing nothing`, async ({
      request,
    }) => {
      const usage = async () =>
        (
          (await (await request.get("/api/v1/me/limits", { headers: auth() })).json()) as {
            usage: { used: number };
          }
        ).usage.used;
      const before = await usage();
      const prompt = `refused webhook ${randomUUID()}`;
      const response = await request.post("/api/v1/generations", {
        headers: auth(),
        data: { prompt, webhook_url: url },
      });
      expect(response.status()).toBe(422);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("webhook_url_forbidden");
      expect(body.error.message).toMatch(/loopback|private|link-local|internal name/);
      expect(await usage()).toBe(before);
      const rows = await withDb((c) =>
        c.query("select 1 from public.generations where prompt = $1", [prompt]),
      );
      expect(rows.rowCount).toBe(0);
    });
  }

  test("refuses webhook_url from a caller without an API key", async ({ request }) => {
    const response = await request.post("/api/v1/generations", {
      data: { prompt: `anonymous webhook ${randomUUID()}`, webhook_url: receiverUrl },
    });
    expect(response.status()).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "webhook_requires_api_key",
    );
  });
});
