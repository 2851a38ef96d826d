import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { subjectFor } from "@/lib/auth/types";
import { closeDb, query } from "@/lib/db";
import { cachedSuccess, rememberSuccess } from "@/lib/generations/hot-cache";
import { getGeneration } from "@/lib/generations/repository";
import type { ImageObjectKeys } from "@/lib/images/store-image";
import { utcDay } from "@/lib/limits/quota";
import { closeRedis, readyRedis } from "@/lib/redis";
import { headObject, putObject } from "@/lib/storage";
import { deleteHistoryItem, getHistoryItem, listHistory, setHistoryPrivacy } from "./history";
import { createKey, listKeys, revokeKey } from "./keys";
import { limitsView } from "./limits";

afterAll(async () => {
  await closeRedis();
  await closeDb();
});

async function newUser(tier = "free"): Promise<string> {
  const [user] = await query<{ id: string }>(
    "insert into auth.users (email) values ($1) returning id",
    [`history-${randomUUID()}@account.test`],
  );
  await query("update public.profiles set tier_id = $2 where id = $1", [user!.id, tier]);
  return user!.id;
}

/** Real objects in the bucket, so deletion can be checked with headObject. */
async function storedKeys(): Promise<ImageObjectKeys> {
  const sha = randomBytes(32).toString("hex");
  const dir = `avatars/${sha.slice(0, 2)}/${sha}`;
  const keys: ImageObjectKeys = {
    png: `${dir}/original.png`,
    webp: { "128": `${dir}/128.webp`, "256": `${dir}/256.webp` },
  };
  for (const key of [keys.png, keys.webp["128"]!, keys.webp["256"]!]) {
    await putObject(key, Buffer.from(`bytes of ${key}`));
  }
  return keys;
}

async function exists(keys: ImageObjectKeys): Promise<boolean[]> {
  return Promise.all(
    [keys.png, ...Object.values(keys.webp)].map(async (k) => (await headObject(k!)) !== null),
  );
}

async function newGeneration(
  options: { status?: "queued" | "succeeded" | "failed"; keys?: ImageObjectKeys | null } = {},
): Promise<{ id: string; hash: string }> {
  const status = options.status ?? "succeeded";
  const hash = randomBytes(32).toString("hex");
  const prompt = `history fox ${hash.slice(0, 8)}`;
  const [row] = await query<{ id: string }>(
    `insert into public.generations
       (request_hash, params, prompt, style, model, status, object_keys, width, height, seed, completed_at)
     values ($1, $2, $3, 'adventurer', 'flux-schnell', $4, $5, 256, 256, 7,
             case when $4 in ('succeeded', 'failed') then now() end)
     returning id`,
    [
      hash,
      JSON.stringify({ prompt, style: "adventurer", width: 256, height: 256, seed: 7 }),
      prompt,
      status,
      options.keys === undefined ? null : JSON.stringify(options.keys),
    ],
  );
  return { id: row!.id, hash };
}

async function addRequest(
  generationId: string,
  who: { owner?: string; subject?: string; private?: boolean; at?: string },
): Promise<string> {
  const [row] = await query<{ id: string }>(
    `insert into public.generation_requests (generation_id, subject, owner_id, private, created_at)
     values ($1, $2, $3, $4, coalesce($5::timestamptz, now())) returning id`,
    [
      generationId,
      who.subject ?? (who.owner ? subjectFor.user(who.owner) : `anon:${randomUUID()}`),
      who.owner ?? null,
      who.private ?? false,
      who.at ?? null,
    ],
  );
  return row!.id;
}

async function generationPrivate(id: string): Promise<boolean | undefined> {
  const [row] = await query<{ private: boolean }>(
    "select private from public.generations where id = $1",
    [id],
  );
  return row?.private;
}

describe("history", () => {
  it("lists only the user's own requests they have not deleted, newest first, page by page", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const mine: string[] = [];
    // Five requests, three of them at the very same instant: the id breaks the tie.
    const times = [
      "2026-11-20T10:00:00.000001Z",
      "2026-11-21T10:00:00.000005Z",
      "2026-11-21T10:00:00.000005Z",
      "2026-11-21T10:00:00.000005Z",
      "2026-11-22T10:00:00.000002Z",
    ];
    for (const at of times) {
      const g = await newGeneration({ keys: await storedKeys() });
      mine.push(await addRequest(g.id, { owner: alice, at }));
    }
    const bobs = await newGeneration({ keys: await storedKeys() });
    await addRequest(bobs.id, { owner: bob });
    const hiddenGen = await newGeneration();
    const hidden = await addRequest(hiddenGen.id, { owner: alice });
    await query("update public.generation_requests set hidden_at = now() where id = $1", [hidden]);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listHistory(alice, { cursor, limit: 2 });
      seen.push(...page.data.map((i) => i.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    expect(seen.toSorted()).toEqual(mine.toSorted());
    // Newest first: the 22nd, then the three of the 21st (by id, descending), then the 20th.
    const tied = mine.slice(1, 4).toSorted().toReversed();
    expect(seen).toEqual([mine[4], ...tied, mine[0]]);

    await expect(listHistory(alice, { cursor: "not-a-cursor" })).rejects.toMatchObject({
      code: "invalid_parameters",
    });
    await expect(listHistory(alice, { cursor: "bm9wZQ" })).rejects.toBeInstanceOf(ApiError);
  });

  it("shows the 256 px WebP as the thumbnail, and no image until there is one", async () => {
    const user = await newUser();
    const keys = await storedKeys();
    const done = await newGeneration({ keys });
    const queued = await newGeneration({ status: "queued", keys: null });
    const doneRequest = await addRequest(done.id, { owner: user });
    const queuedRequest = await addRequest(queued.id, { owner: user });
    const url = (key: string) => `https://cdn.test/${key}`;
    expect(await getHistoryItem(user, doneRequest, url)).toMatchObject({
      status: "succeeded",
      thumbnail_url: `https://cdn.test/${keys.webp["256"]}`,
      image_url: `https://cdn.test/${keys.png}`,
      generation_id: done.id,
      width: 256,
    });
    expect(await getHistoryItem(user, queuedRequest, url)).toMatchObject({
      status: "queued",
      thumbnail_url: null,
      image_url: null,
    });
  });
});

describe("privacy", () => {
  it("toggles the user's own request, and the generation is private only while every shown request is", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const g = await newGeneration({ keys: await storedKeys() });
    const mine = await addRequest(g.id, { owner: alice });
    const bobs = await addRequest(g.id, { owner: bob, private: true });

    expect(await setHistoryPrivacy(alice, mine, true)).toMatchObject({ id: mine, private: true });
    expect(await generationPrivate(g.id)).toBe(true);
    expect(await setHistoryPrivacy(alice, mine, false)).toMatchObject({ private: false });
    expect(await generationPrivate(g.id)).toBe(false);

    // Bob's request stays private, whoever else's shows the generation.
    const [bobRow] = await query<{ private: boolean }>(
      "select private from public.generation_requests where id = $1",
      [bobs],
    );
    expect(bobRow?.private).toBe(true);
  });

  it("refuses another user's request id as not found, and changes nothing", async () => {
    const alice = await newUser();
    const mallory = await newUser();
    const g = await newGeneration({ keys: await storedKeys() });
    const alices = await addRequest(g.id, { owner: alice });
    expect(await setHistoryPrivacy(mallory, alices, true)).toBeNull();
    expect(await setHistoryPrivacy(mallory, randomUUID(), true)).toBeNull();
    expect(await setHistoryPrivacy(mallory, "../etc", true)).toBeNull();
    expect(await getHistoryItem(alice, alices)).toMatchObject({ private: false });
    expect(await generationPrivate(g.id)).toBe(false);
  });
});

describe("delete", () => {
  it("removes an unshared generation: its objects, its row and its hot-cache entry", async () => {
    const user = await newUser();
    const keys = await storedKeys();
    const g = await newGeneration({ keys });
    const request = await addRequest(g.id, { owner: user });
    await readyRedis();
    await rememberSuccess((await getGeneration(g.id))!);
    expect(await cachedSuccess(g.hash)).not.toBeNull();

    const result = await deleteHistoryItem(user, request);
    expect(result).toMatchObject({ status: "deleted", removed: true, generationId: g.id });
    expect(await exists(keys)).toEqual([false, false, false]);
    expect(await getGeneration(g.id)).toBeNull();
    expect(await cachedSuccess(g.hash)).toBeNull();
    expect((await listHistory(user)).data).toEqual([]);
    // Gone is gone: deleting again finds nothing.
    expect(await deleteHistoryItem(user, request)).toEqual({ status: "not_found" });
  });

  it("keeps the image while someone else still has it, and removes it when the last one deletes it", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const keys = await storedKeys();
    const g = await newGeneration({ keys });
    const alices = await addRequest(g.id, { owner: alice });
    const bobs = await addRequest(g.id, { owner: bob });

    expect(await deleteHistoryItem(alice, alices)).toMatchObject({ removed: false });
    expect(await exists(keys)).toEqual([true, true, true]);
    expect(await getGeneration(g.id)).not.toBeNull();
    expect((await listHistory(alice)).data).toEqual([]);
    expect((await listHistory(bob)).data.map((i) => i.id)).toEqual([bobs]);

    expect(await deleteHistoryItem(bob, bobs)).toMatchObject({ removed: true });
    expect(await exists(keys)).toEqual([false, false, false]);
    expect(await getGeneration(g.id)).toBeNull();
  });

  it("counts an anonymous visitor's request as someone else's", async () => {
    const user = await newUser();
    const keys = await storedKeys();
    const g = await newGeneration({ keys });
    const mine = await addRequest(g.id, { owner: user });
    await addRequest(g.id, { subject: `anon:${randomUUID()}` });
    expect(await deleteHistoryItem(user, mine)).toMatchObject({ removed: false });
    expect(await exists(keys)).toEqual([true, true, true]);
  });

  it("keeps objects that a gallery avatar or another generation also names (same bytes, same keys)", async () => {
    const user = await newUser();
    const keys = await storedKeys();
    const g = await newGeneration({ keys });
    const request = await addRequest(g.id, { owner: user });
    await query(
      `insert into public.gallery_avatars (style, prompt, seed, content_sha256, object_keys, width, height, blur_data_url)
       values ('adventurer', $1, 1, $2, $3, 256, 256, 'data:image/webp;base64,')`,
      [`gallery twin ${randomUUID()}`, "0".repeat(64), JSON.stringify({ png: keys.png, webp: {} })],
    );
    const result = await deleteHistoryItem(user, request);
    expect(result).toMatchObject({ removed: true });
    expect(await exists(keys)).toEqual([true, false, false]);
    expect(await getGeneration(g.id)).toBeNull();
  });

  it("only hides a generation that is still being made", async () => {
    const user = await newUser();
    const g = await newGeneration({ status: "queued", keys: null });
    const request = await addRequest(g.id, { owner: user });
    expect(await deleteHistoryItem(user, request)).toMatchObject({ removed: false });
    expect(await getGeneration(g.id)).not.toBeNull();
    expect((await listHistory(user)).data).toEqual([]);
  });

  it("refuses another user's request id as not found, and deletes nothing", async () => {
    const alice = await newUser();
    const mallory = await newUser();
    const keys = await storedKeys();
    const g = await newGeneration({ keys });
    const alices = await addRequest(g.id, { owner: alice });
    expect(await deleteHistoryItem(mallory, alices)).toEqual({ status: "not_found" });
    expect(await exists(keys)).toEqual([true, true, true]);
    expect((await listHistory(alice)).data.map((i) => i.id)).toEqual([alices]);
  });
});

describe("limits and keys", () => {
  it("reports the user's tier, today's usage of their own subject, and the way up", async () => {
    const user = await newUser("free");
    const subject = subjectFor.user(user);
    await query("insert into public.daily_usage (subject, day, count) values ($1, $2, 7)", [
      subject,
      utcDay(),
    ]);
    const view = await limitsView({ kind: "user", subject, tier: "free", overrides: {} });
    expect(view).toMatchObject({
      tier: { id: "free", name: "Free" },
      limits: {
        daily_quota: 10,
        max_size: 1280,
        allowed_models: ["flux-schnell"],
        priority: false,
      },
      usage: { used: 7, remaining: 3 },
      upgrade: { tier: "premium", href: "/account#upgrade" },
    });
    expect(Date.parse(view.resets_at)).toBeGreaterThan(Date.now());
    const anonymous = await limitsView({
      kind: "anonymous",
      subject: `anon:${randomUUID()}`,
      tier: "anonymous",
      overrides: {},
    });
    expect(anonymous).toMatchObject({
      usage: { used: 0, remaining: 3 },
      upgrade: { tier: "free", daily_quota: 10, href: "/signin" },
    });
    const enterprise = await limitsView({
      kind: "user",
      subject: subjectFor.user(await newUser("enterprise")),
      tier: "enterprise",
      overrides: { daily_quota: 50_000 },
    });
    expect(enterprise).toMatchObject({
      limits: { daily_quota: 50_000, priority: true },
      upgrade: null,
    });
  });

  it("lists, creates and revokes only the owner's own keys", async () => {
    const owner = await newUser("enterprise");
    const other = await newUser("enterprise");
    const created = await createKey(owner, { name: "ci", expires_at: null });
    expect(created.key).toMatch(/^lk_live_/);
    expect(created).toMatchObject({ name: "ci", status: "active", used_today: 0 });
    const listed = await listKeys(owner);
    expect(listed.map((k) => k.id)).toEqual([created.id]);
    expect(listed[0]).not.toHaveProperty("key");
    expect(await listKeys(other)).toEqual([]);

    expect(await revokeKey(other, created.id)).toBeNull();
    expect((await listKeys(owner))[0]?.status).toBe("active");
    expect(await revokeKey(owner, created.prefix)).toBeNull(); // by id only
    expect(await revokeKey(owner, created.id)).toMatchObject({ status: "revoked" });
    await expect(
      createKey(owner, { name: "late", expires_at: "2000-01-01T00:00:00Z" }),
    ).rejects.toMatchObject({ code: "invalid_parameters" });
  });
});
