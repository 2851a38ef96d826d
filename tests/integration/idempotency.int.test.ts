import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ cookies: vi.fn() }));

const { query } = await import("@/lib/db");
const { usageOf } = await import("@/lib/limits/quota");
const { createApiKey } = await import("@/lib/auth/api-keys");
const { idempotent } = await import("@/lib/generations/idempotency");
const { POST: generate } = await import("@/app/api/v1/generations/route");
const { call, newAccount, newAddress, uniqueBody } = await import("./http");
const { emptyGenerationQueue } = await import("./queue-hooks");

emptyGenerationQueue();

async function generationsWithPrompt(prompt: string): Promise<number> {
  const [row] = await query<{ n: number }>(
    "select count(*)::int as n from public.generations where prompt = $1",
    [prompt],
  );
  return row!.n;
}

describe("Idempotency-Key on POST /api/v1/generations", () => {
  it("replays the first answer to a sequential retry, with nothing charged again", async () => {
    const owner = await newAccount("premium");
    const from = newAddress();
    const body = uniqueBody("once fox");
    const send = (json: unknown = body) =>
      call(generate, "/api/v1/generations", {
        from,
        headers: { cookie: owner.session, "idempotency-key": "order-1" },
        json,
      });
    const first = await send();
    expect(first.status).toBe(202);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    const again = await send({ ...body }); // the same fields, in another object
    expect(again.status).toBe(202);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.text()).toBe(await first.text());
    for (const name of ["Location", "X-Cache", "RateLimit", "X-RateLimit-Remaining-Day"]) {
      expect(again.headers.get(name), name).toBe(first.headers.get(name));
    }
    expect(await usageOf(`user:${owner.id}`)).toBe(1);
    expect(await generationsWithPrompt(body.prompt)).toBe(1);

    // The same key with another body is refused, and nothing is charged for it.
    const other = await send(uniqueBody("other fox"));
    expect(other.status).toBe(422);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe(
      "idempotency_key_reused",
    );
    expect(await usageOf(`user:${owner.id}`)).toBe(1);
  });

  it("makes 10 concurrent duplicates wait for the first: one charge, one generation, identical answers", async () => {
    const owner = await newAccount("enterprise");
    const { key } = await createApiKey({ ownerId: owner.id, name: "racer" });
    const body = uniqueBody("race fox");
    const idempotencyKey = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        call(generate, "/api/v1/generations", {
          from: newAddress(),
          headers: { authorization: `Bearer ${key}`, "idempotency-key": idempotencyKey },
          json: body,
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(202));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(responses.filter((r) => r.headers.get("Idempotent-Replayed") === "true")).toHaveLength(
      9,
    );
    expect(await usageOf(`user:${owner.id}`)).toBe(1);
    expect(await generationsWithPrompt(body.prompt)).toBe(1);
  });

  it("scopes keys to the account: its session and its keys share them, other accounts do not", async () => {
    const owner = await newAccount("enterprise");
    const stranger = await newAccount("enterprise");
    const { key } = await createApiKey({ ownerId: owner.id, name: "shared" });
    const body = uniqueBody("scoped fox");
    const send = (headers: Record<string, string>) =>
      call(generate, "/api/v1/generations", {
        from: newAddress(),
        headers: { ...headers, "idempotency-key": "same" },
        json: body,
      });
    const bySession = await send({ cookie: owner.session });
    const byKey = await send({ authorization: `Bearer ${key}` });
    expect(byKey.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await byKey.text()).toBe(await bySession.clone().text());
    const byStranger = await send({ cookie: stranger.session });
    expect(byStranger.status).toBe(202);
    expect(byStranger.headers.get("Idempotent-Replayed")).toBeNull();
    // Its own request (without a seed, another image), not a replay of the owner's answer.
    expect(((await byStranger.json()) as { id: string }).id).not.toBe(
      ((await bySession.clone().json()) as { id: string }).id,
    );
    expect(await usageOf(`user:${stranger.id}`)).toBe(1);
    expect(await usageOf(`user:${owner.id}`)).toBe(1);
  });

  it("refuses a malformed key before anything runs", async () => {
    const owner = await newAccount("premium");
    const refused = await call(generate, "/api/v1/generations", {
      from: newAddress(),
      headers: { cookie: owner.session, "idempotency-key": "x".repeat(256) },
      json: uniqueBody("long key fox"),
    });
    expect(refused.status).toBe(400);
    expect(await usageOf(`user:${owner.id}`)).toBe(0);
  });
});

describe("idempotent", () => {
  const request = (key: string) =>
    new Request("http://likeness.test/api/v1/generations", {
      method: "POST",
      headers: { "idempotency-key": key },
    });

  it("keeps no failed answer: after a 5xx, or a thrown error, the same key runs again", async () => {
    const key = randomUUID();
    let runs = 0;
    const failing = async () => {
      runs++;
      return Response.json({ error: "down" }, { status: 503 });
    };
    expect((await idempotent(request(key), "user:x", { a: 1 }, failing)).status).toBe(503);
    await expect(
      idempotent(request(key), "user:x", { a: 1 }, async () => {
        runs++;
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const ok = await idempotent(request(key), "user:x", { a: 1 }, async () => {
      runs++;
      return Response.json({ ok: true }, { status: 202 });
    });
    expect(ok.status).toBe(202);
    expect(runs).toBe(3);
    const replayed = await idempotent(request(key), "user:x", { a: 1 }, failing);
    expect([replayed.status, replayed.headers.get("Idempotent-Replayed"), runs]).toEqual([
      202,
      "true",
      3,
    ]);
  });

  it("takes over a key whose first request died (its lease ran out), and runs it", async () => {
    const key = randomUUID();
    await query(
      `insert into public.idempotency_keys (scope, key, fingerprint, locked_until, expires_at)
       select 'user:y', $1, encode(sha256(convert_to($2, 'UTF8')), 'hex'), now() - interval '1 second', now() + interval '1 day'`,
      [key, 'POST /api/v1/generations\n{"a":1}'],
    );
    const answer = await idempotent(request(key), "user:y", { a: 1 }, async () =>
      Response.json({ ran: true }, { status: 202 }),
    );
    expect(await answer.json()).toEqual({ ran: true });
  });
});
