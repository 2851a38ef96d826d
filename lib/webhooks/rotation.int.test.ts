import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/auth/api-keys";
import { closeDb, query } from "@/lib/db";
import { postSignedEvent } from "./deliver";
import { PREVIOUS_SECRET_HOURS, rotateSigningSecret, signingSecretsFor } from "./secrets";

/** A loopback receiver that keeps what it was sent. */
let server: Server;
let url: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await closeDb();
});

async function enterpriseKey(): Promise<{ ownerId: string; keyId: string; secret: string }> {
  const [user] = await query<{ id: string }>(
    "insert into auth.users (email) values ($1) returning id",
    [`rotate-${randomUUID()}@webhooks.test`],
  );
  // Keys are an enterprise feature (tiers.max_api_keys).
  await query("update public.profiles set tier_id = 'enterprise' where id = $1", [user!.id]);
  const key = await createApiKey({ ownerId: user!.id, name: "rotation" });
  return { ownerId: user!.id, keyId: key.id, secret: key.webhookSecret };
}

/** Delivers one event signed with the key's current secrets; returns what the receiver got. */
async function deliver(keyId: string) {
  const secrets = (await signingSecretsFor(keyId))!;
  const body = JSON.stringify({ type: "generation.succeeded", data: { id: randomUUID() } });
  const outcome = await postSignedEvent({
    url,
    id: randomUUID(),
    body,
    secrets,
    policy: { allowedHosts: [new URL(url).host] },
  });
  expect(outcome.delivered).toBe(true);
  const got = received.at(-1)!;
  const headers = {
    "webhook-id": String(got.headers["webhook-id"]),
    "webhook-timestamp": String(got.headers["webhook-timestamp"]),
    "webhook-signature": String(got.headers["webhook-signature"]),
  };
  return { body: got.body, headers };
}

const verifies = (secret: string, got: Awaited<ReturnType<typeof deliver>>) => {
  try {
    new Webhook(secret).verify(got.body, got.headers);
    return true;
  } catch {
    return false;
  }
};

describe("webhook signing secret rotation", () => {
  it("signs with the new and the old secret for a day, then with the new one only", async () => {
    const { ownerId, keyId, secret: original } = await enterpriseKey();
    const before = await deliver(keyId);
    expect(verifies(original, before)).toBe(true);

    const rotated = (await rotateSigningSecret(keyId, ownerId))!;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(original);
    const hours = (rotated.previousValidUntil.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(PREVIOUS_SECRET_HOURS - 0.1);
    expect(hours).toBeLessThanOrEqual(PREVIOUS_SECRET_HOURS);

    // During the overlap a receiver on either secret accepts the delivery (the real verifier).
    const during = await deliver(keyId);
    expect(during.headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(verifies(rotated.secret, during)).toBe(true);
    expect(verifies(original, during)).toBe(true);

    // A day later the old secret no longer signs.
    await query(
      "update public.webhook_signing_secrets set previous_expires_at = now() - interval '1 second' where api_key_id = $1",
      [keyId],
    );
    const after = await deliver(keyId);
    expect(after.headers["webhook-signature"].split(" ")).toHaveLength(1);
    expect(verifies(rotated.secret, after)).toBe(true);
    expect(verifies(original, after)).toBe(false);
  });

  it("retires the oldest secret at once when rotated twice within the day", async () => {
    const { ownerId, keyId, secret: first } = await enterpriseKey();
    const second = (await rotateSigningSecret(keyId, ownerId))!.secret;
    const third = (await rotateSigningSecret(keyId, ownerId))!.secret;
    expect(await signingSecretsFor(keyId)).toEqual([third, second]);
    expect(await signingSecretsFor(keyId)).not.toContain(first);
  });

  it("touches only the owner's own key", async () => {
    const alice = await enterpriseKey();
    const mallory = await enterpriseKey();
    expect(await rotateSigningSecret(alice.keyId, mallory.ownerId)).toBeNull();
    expect(await rotateSigningSecret(randomUUID(), alice.ownerId)).toBeNull();
    expect(await signingSecretsFor(alice.keyId)).toEqual([alice.secret]);
  });
});
