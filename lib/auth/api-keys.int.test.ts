import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { closeDb, db, query } from "@/lib/db";
import {
  API_KEY_PREFIX,
  apiKeyChecksum,
  createApiKey,
  generateApiKey,
  hashApiKey,
  listApiKeys,
  revokeApiKey,
  verifyApiKey,
} from "./api-keys";

afterAll(closeDb);
afterEach(() => {
  vi.restoreAllMocks();
});

async function newUser(tier = "enterprise"): Promise<{ id: string; email: string }> {
  const email = `keys-${randomUUID()}@api-keys.test`;
  const [user] = await query<{ id: string }>(
    "insert into auth.users (email) values ($1) returning id",
    [email],
  );
  await query("update public.profiles set tier_id = $2 where id = $1", [user!.id, tier]);
  return { id: user!.id, email };
}

async function keyRow(id: string) {
  const [row] = await query<{ last_used_at: Date | null; revoked_at: Date | null }>(
    "select last_used_at, revoked_at from public.api_keys where id = $1",
    [id],
  );
  return row!;
}

describe("generateApiKey", () => {
  it("makes distinct lk_live_ keys of 43 random base62 characters and a 6-character checksum, a 12-character prefix and their SHA-256", () => {
    const keys = Array.from({ length: 200 }, generateApiKey);
    expect(new Set(keys.map((k) => k.key)).size).toBe(200);
    for (const { key, prefix, hash } of keys) {
      expect(key).toMatch(/^lk_live_[0-9A-Za-z]{49}$/);
      expect(key.slice(-6)).toBe(apiKeyChecksum(key.slice(8, -6)));
      expect(prefix).toBe(key.slice(0, 12));
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(hash).toBe(hashApiKey(key));
    }
    // Every base62 character turns up: the alphabet is used in full, not a biased subset.
    expect(new Set(keys.flatMap((k) => [...k.key.slice(API_KEY_PREFIX.length)])).size).toBe(62);
  });
});

describe("API keys", () => {
  it("verify once created, with the owner's tier and email, and record last_used_at", async () => {
    const owner = await newUser();
    await query("update public.profiles set overrides = $2 where id = $1", [
      owner.id,
      { daily_quota: 50_000 },
    ]);
    const created = await createApiKey({ ownerId: owner.id, name: "ci" });
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created).toMatchObject({ name: "ci", expiresAt: null });
    expect((await keyRow(created.id)).last_used_at).toBeNull();

    expect(await verifyApiKey(created.key)).toEqual({
      ok: true,
      key: { id: created.id, ownerId: owner.id, name: "ci", dailyLimit: null },
      owner: { tier: "enterprise", email: owner.email, overrides: { daily_quota: 50_000 } },
    });
    const used = (await keyRow(created.id)).last_used_at;
    expect(used).toBeInstanceOf(Date);
    expect(Math.abs(used!.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("write last_used_at at most once a minute per key", async () => {
    const owner = await newUser();
    const { id, key } = await createApiKey({ ownerId: owner.id, name: "busy" });
    await verifyApiKey(key);
    const first = (await keyRow(id)).last_used_at!;
    await verifyApiKey(key);
    expect((await keyRow(id)).last_used_at).toEqual(first);

    await query(
      "update public.api_keys set last_used_at = last_used_at - interval '61 seconds' where id = $1",
      [id],
    );
    const aged = (await keyRow(id)).last_used_at!;
    await verifyApiKey(key);
    expect((await keyRow(id)).last_used_at!.getTime()).toBeGreaterThan(aged.getTime());
  });

  it("refuse an unknown key as key_invalid", async () => {
    expect(await verifyApiKey(generateApiKey().key)).toEqual({
      ok: false,
      code: "key_invalid",
      lookedUp: true,
    });
  });

  it("refuse malformed keys, and keys whose checksum does not match, as key_invalid without asking the database", async () => {
    const spy = vi.spyOn(db(), "query");
    const valid = generateApiKey().key;
    const typo = (at: number) =>
      valid.slice(0, at) + (valid[at] === "a" ? "b" : "a") + valid.slice(at + 1);
    for (const bad of [
      "",
      "lk_live_",
      valid.slice(0, -1),
      `${valid}x`,
      valid.replace("lk_live_", "lk_test_"),
      `${valid.slice(0, -1)}-`,
      ` ${valid}`,
      `Bearer ${valid}`,
      typo(20), // one character of the random part mistyped
      typo(valid.length - 1), // one of the checksum
      `lk_live_${"x".repeat(49)}`, // made up at the right length
    ]) {
      expect(await verifyApiKey(bad), JSON.stringify(bad)).toEqual({
        ok: false,
        code: "key_invalid",
        lookedUp: false,
      });
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it("still accept keys of the older shape (43 characters, no checksum), looked up as before", async () => {
    const owner = await newUser();
    const legacy = `lk_live_${"Q".repeat(43)}`;
    await query(
      "insert into public.api_keys (owner_id, name, prefix, key_hash) values ($1, 'legacy', $2, $3)",
      [owner.id, legacy.slice(0, 12), hashApiKey(legacy)],
    );
    expect(await verifyApiKey(legacy)).toMatchObject({ ok: true, key: { name: "legacy" } });
    expect(await verifyApiKey(`lk_live_${"R".repeat(43)}`)).toEqual({
      ok: false,
      code: "key_invalid",
      lookedUp: true,
    });
  });

  it("refuse a revoked key as key_revoked, for good", async () => {
    const owner = await newUser();
    const created = await createApiKey({ ownerId: owner.id, name: "old" });
    expect((await verifyApiKey(created.key)).ok).toBe(true);

    const revoked = await revokeApiKey(created.id);
    expect(revoked).toMatchObject({
      status: "revoked",
      key: { id: created.id, status: "revoked" },
    });
    expect(await verifyApiKey(created.key)).toEqual({
      ok: false,
      code: "key_revoked",
      lookedUp: true,
    });

    // Revoking again changes nothing, and keeps the first revocation time.
    const at = (await keyRow(created.id)).revoked_at;
    expect(await revokeApiKey(created.prefix)).toMatchObject({ status: "already_revoked" });
    expect((await keyRow(created.id)).revoked_at).toEqual(at);
    expect(await verifyApiKey(created.key)).toEqual({
      ok: false,
      code: "key_revoked",
      lookedUp: true,
    });
  });

  it("refuse an expired key as key_expired, and a key before its expiry works", async () => {
    const owner = await newUser();
    const expiresAt = new Date(Date.now() + 3_600_000);
    const created = await createApiKey({ ownerId: owner.id, name: "temp", expiresAt });
    expect(created.expiresAt).toEqual(expiresAt);
    expect((await verifyApiKey(created.key)).ok).toBe(true);

    await query(
      "update public.api_keys set expires_at = now() - interval '1 second' where id = $1",
      [created.id],
    );
    expect(await verifyApiKey(created.key)).toEqual({
      ok: false,
      code: "key_expired",
      lookedUp: true,
    });
    expect((await listApiKeys(owner.id))[0]!.status).toBe("expired");
  });

  it("never store the key: only its hash and a 12-character prefix", async () => {
    const owner = await newUser();
    const { key, id } = await createApiKey({ ownerId: owner.id, name: "secret" });
    const secret = key.slice(API_KEY_PREFIX.length);
    const [row] = await query<Record<string, unknown>>(
      "select * from public.api_keys where id = $1",
      [id],
    );
    expect(row!.key_hash).toBe(hashApiKey(key));
    expect(row!.prefix).toBe(key.slice(0, 12));
    for (const [column, value] of Object.entries(row!)) {
      const text = value instanceof Date ? value.toISOString() : String(value);
      expect(text, column).not.toContain(key);
      // Not even the secret part beyond the shown prefix, nor a long piece of it.
      expect(text, column).not.toContain(secret.slice(4, 16));
    }
    // Nor anywhere else in the public schema.
    const tables = await query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = 'public'",
    );
    for (const { name } of tables) {
      const [hit] = await query<{ n: number }>(
        `select count(*)::int as n from public.${name} t where t::text like '%' || $1 || '%'`,
        [secret.slice(4)],
      );
      expect(hit!.n, name).toBe(0);
    }
  });

  it("list an owner's keys newest first, without hashes, and only theirs", async () => {
    const owner = await newUser();
    const other = await newUser();
    const a = await createApiKey({ ownerId: owner.id, name: "a" });
    const b = await createApiKey({ ownerId: owner.id, name: "b" });
    await createApiKey({ ownerId: other.id, name: "theirs" });
    await revokeApiKey(a.id);

    const listed = await listApiKeys(owner.id);
    expect(listed.map((k) => [k.name, k.status])).toEqual([
      ["b", "active"],
      ["a", "revoked"],
    ]);
    expect(listed[0]).toMatchObject({ id: b.id, prefix: b.prefix, ownerId: owner.id });
    expect(JSON.stringify(listed)).not.toMatch(/hash/i);
    expect(JSON.stringify(listed)).not.toContain(b.key);
  });

  it("revoke only the given owner's key when an owner is named", async () => {
    const owner = await newUser();
    const stranger = await newUser();
    const created = await createApiKey({ ownerId: owner.id, name: "mine" });
    expect(await revokeApiKey(created.id, stranger.id)).toEqual({ status: "not_found" });
    expect((await verifyApiKey(created.key)).ok).toBe(true);
    expect(await revokeApiKey(created.id, owner.id)).toMatchObject({ status: "revoked" });
    expect(await revokeApiKey("not-a-key")).toEqual({ status: "not_found" });
    expect(await revokeApiKey(randomUUID())).toEqual({ status: "not_found" });
  });

  it("report a prefix shared by several keys as ambiguous instead of revoking one at random", async () => {
    const owner = await newUser();
    const a = await createApiKey({ ownerId: owner.id, name: "a" });
    const b = await createApiKey({ ownerId: owner.id, name: "b" });
    await query("update public.api_keys set prefix = $2 where id = $1", [b.id, a.prefix]);
    const result = await revokeApiKey(a.prefix);
    expect(result.status).toBe("ambiguous");
    expect(result.status === "ambiguous" && result.matches.map((k) => k.id).sort()).toEqual(
      [a.id, b.id].sort(),
    );
    expect((await verifyApiKey(a.key)).ok).toBe(true);
    expect((await verifyApiKey(b.key)).ok).toBe(true);
  });

  it("refuse to create keys for nobody, without a name, or already expired", async () => {
    const owner = await newUser();
    await expect(createApiKey({ ownerId: randomUUID(), name: "x" })).rejects.toMatchObject({
      code: "owner_not_found",
    });
    await expect(createApiKey({ ownerId: owner.id, name: "  " })).rejects.toMatchObject({
      code: "invalid_name",
    });
    await expect(
      createApiKey({ ownerId: owner.id, name: "x", expiresAt: new Date(Date.now() - 1000) }),
    ).rejects.toMatchObject({ code: "invalid_expiry" });
    expect(await listApiKeys(owner.id)).toEqual([]);
  });

  it("cap an account's live keys at its tier's max_api_keys: 10 of 12 concurrent creations, the 11th refused naming the cap", async () => {
    const owner = await newUser("enterprise");
    const made = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => createApiKey({ ownerId: owner.id, name: `k${i}` })),
    );
    const created = made.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const refused = made.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(created).toHaveLength(10);
    expect(refused).toHaveLength(2);
    for (const error of refused) {
      expect(error).toMatchObject({ code: "too_many_keys", maxLiveKeys: 10 });
      expect((error as Error).message).toContain("maximum of 10");
    }

    // Revoked and expired keys free their place; the admin CLI's --force goes past the cap.
    await revokeApiKey(created[0]!.id);
    await createApiKey({ ownerId: owner.id, name: "after revoke" });
    await query(
      "update public.api_keys set expires_at = now() - interval '1 second' where id = $1",
      [created[1]!.id],
    );
    await createApiKey({ ownerId: owner.id, name: "after expiry" });
    await expect(createApiKey({ ownerId: owner.id, name: "one more" })).rejects.toMatchObject({
      code: "too_many_keys",
    });
    await createApiKey({ ownerId: owner.id, name: "forced", ignoreKeyCap: true });

    // The cap is tier data, and an account's overrides can raise it.
    const free = await newUser("free");
    await expect(createApiKey({ ownerId: free.id, name: "x" })).rejects.toMatchObject({
      code: "too_many_keys",
      maxLiveKeys: 0,
    });
    await query(`update public.profiles set overrides = '{"max_api_keys": 1}' where id = $1`, [
      free.id,
    ]);
    await createApiKey({ ownerId: free.id, name: "x" });
  });

  it("keep a key's own daily limit, and refuse one that is not a whole number from 1", async () => {
    const owner = await newUser();
    const limited = await createApiKey({ ownerId: owner.id, name: "capped", dailyLimit: 25 });
    expect(limited.dailyLimit).toBe(25);
    expect(await verifyApiKey(limited.key)).toMatchObject({ ok: true, key: { dailyLimit: 25 } });
    expect((await listApiKeys(owner.id))[0]).toMatchObject({ name: "capped", dailyLimit: 25 });
    for (const dailyLimit of [0, -1, 2.5]) {
      await expect(
        createApiKey({ ownerId: owner.id, name: "bad", dailyLimit }),
      ).rejects.toMatchObject({ code: "invalid_daily_limit" });
    }
  });
});
