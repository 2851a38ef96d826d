import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db, query } from "@/lib/db";

// Row level security as Supabase's Data API applies it: PostgREST switches to the `anon` or
// `authenticated` role and puts the JWT's claims in `request.jwt.claims`, and auth.uid() reads `sub`
// from there. The app itself connects as the table owner, which RLS does not apply to, so these tests
// switch role the way PostgREST does, each inside a transaction that is rolled back.

afterAll(closeDb);

type Role = "anon" | "authenticated" | "service_role";

interface Result<T> {
  rows: T[];
  rowCount: number;
}

async function as<T = Record<string, unknown>>(
  role: Role,
  sub: string | null,
  sql: string,
  params: unknown[] = [],
): Promise<Result<T>> {
  const client = await db().connect();
  try {
    await client.query("begin");
    await client.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify(sub ? { sub, role, aud: role } : { role }),
    ]);
    await client.query(`set local role ${role}`);
    const result = await client.query(sql, params);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  } finally {
    await client.query("rollback");
    client.release();
  }
}

const ids = async (role: Role, sub: string | null, sql: string, params: unknown[] = []) =>
  (await as<{ id: string }>(role, sub, sql, params)).rows.map((r) => String(r.id)).sort();

const sorted = (...values: string[]) => [...values].sort();

const TABLES = [
  "tiers",
  "profiles",
  "api_keys",
  "daily_usage",
  "generations",
  "generation_requests",
  "gallery_avatars",
];

let alice: string;
let bob: string;
let aliceKey: string;
let bobKey: string;
let alicePrivate: string;
let bobPrivate: string;
let bobPublic: string;
let queued: string;
let aliceRequest: string;
let bobRequest: string;
let anonRequest: string;
let galleryId: string;
/** Every generation this file made: other files leave theirs in the same database. */
let ourGenerations: string[];

async function insertGeneration(fields: {
  owner: string | null;
  status: string;
  private: boolean;
}): Promise<string> {
  const [row] = await query<{ id: string }>(
    `insert into public.generations (request_hash, params, prompt, model, status, private, owner_id)
     values ($1, '{}', 'a test portrait', 'flux-schnell', $2, $3, $4) returning id`,
    [randomBytes(32).toString("hex"), fields.status, fields.private, fields.owner],
  );
  return row!.id;
}

async function insertRequest(generation: string, subject: string, owner: string | null) {
  const [row] = await query<{ id: string }>(
    `insert into public.generation_requests (generation_id, subject, owner_id, private, charged_day)
     values ($1, $2, $3, true, current_date) returning id`,
    [generation, subject, owner],
  );
  return row!.id;
}

beforeAll(async () => {
  const tag = randomUUID();
  const users = await query<{ id: string; email: string }>(
    "insert into auth.users (email) values ($1), ($2) returning id, email",
    [`alice-${tag}@rls.test`, `bob-${tag}@rls.test`],
  );
  alice = users.find((u) => u.email.startsWith("alice"))!.id;
  bob = users.find((u) => u.email.startsWith("bob"))!.id;
  const keys = await query<{ id: string; owner_id: string }>(
    `insert into public.api_keys (owner_id, name, prefix, key_hash)
     values ($1, 'alice key', 'lk_live_aaaa', $3), ($2, 'bob key', 'lk_live_bbbb', $4)
     returning id, owner_id`,
    [alice, bob, randomBytes(32).toString("hex"), randomBytes(32).toString("hex")],
  );
  aliceKey = keys.find((k) => k.owner_id === alice)!.id;
  bobKey = keys.find((k) => k.owner_id === bob)!.id;

  alicePrivate = await insertGeneration({ owner: alice, status: "succeeded", private: true });
  bobPrivate = await insertGeneration({ owner: bob, status: "succeeded", private: true });
  bobPublic = await insertGeneration({ owner: bob, status: "succeeded", private: false });
  queued = await insertGeneration({ owner: null, status: "queued", private: false });
  ourGenerations = [alicePrivate, bobPrivate, bobPublic, queued];

  aliceRequest = await insertRequest(alicePrivate, `user:${alice}`, alice);
  bobRequest = await insertRequest(bobPrivate, `key:${bobKey}`, bob);
  anonRequest = await insertRequest(bobPublic, `anon:${tag}`, null);

  await query(
    "insert into public.daily_usage (subject, day, count) values ($1, current_date, 3), ($2, current_date, 5)",
    [`user:${alice}`, `user:${bob}`],
  );
  const [gallery] = await query<{ id: number }>(
    `insert into public.gallery_avatars
       (style, prompt, seed, tags, content_sha256, object_keys, width, height, blur_data_url)
     values ('rls-test', 'a gallery avatar', $1, '{test}', $2, '{}', 512, 512, 'data:,') returning id`,
    [Math.floor(Math.random() * 2 ** 40), randomBytes(32).toString("hex")],
  );
  galleryId = String(gallery!.id);
});

describe("row level security through Supabase's roles", () => {
  it("is what protects the rows: the API roles hold Supabase's privileges on every table", async () => {
    // Without these grants every query below would fail with "permission denied" whatever the
    // policies say, and the tests would prove nothing about the policies.
    const [row] = await query<{ missing: string[] }>(
      `select coalesce(array_agg(r || ' ' || p || ' ' || t order by r, t, p), '{}') as missing
       from unnest(array['anon', 'authenticated', 'service_role']) r,
            unnest($1::text[]) t,
            unnest(array['select', 'insert', 'update', 'delete']) p
       where not has_table_privilege(r, 'public.' || t, p)`,
      [TABLES],
    );
    expect(row!.missing).toEqual([]);
  });

  it("lets a signed-in user read only their own profile", async () => {
    expect(await ids("authenticated", alice, "select id from public.profiles")).toEqual([alice]);
    expect(await ids("authenticated", bob, "select id from public.profiles")).toEqual([bob]);
  });

  it("lets a signed-in user read only their own API keys", async () => {
    expect(await ids("authenticated", alice, "select id from public.api_keys")).toEqual([aliceKey]);
    expect(await ids("authenticated", bob, "select id from public.api_keys")).toEqual([bobKey]);
  });

  it("lets a signed-in user read only their own generation requests", async () => {
    expect(await ids("authenticated", alice, "select id from public.generation_requests")).toEqual([
      aliceRequest,
    ]);
    expect(await ids("authenticated", bob, "select id from public.generation_requests")).toEqual([
      bobRequest,
    ]);
  });

  it("shows a signed-in user their own private generations and public ones, never others' private ones", async () => {
    const sql = "select id from public.generations where id = any($1::uuid[])";
    expect(await ids("authenticated", alice, sql, [ourGenerations])).toEqual(
      sorted(alicePrivate, bobPublic),
    );
    expect(await ids("authenticated", bob, sql, [ourGenerations])).toEqual(
      sorted(bobPrivate, bobPublic),
    );
  });

  it("shows a session without a user (no sub claim) nothing private", async () => {
    for (const table of ["profiles", "api_keys", "generation_requests", "daily_usage"]) {
      expect(
        await ids("authenticated", null, `select 1 as id from public.${table}`),
        table,
      ).toEqual([]);
    }
  });

  it("shows anonymous visitors no profiles, keys, requests or quota counters", async () => {
    for (const table of ["profiles", "api_keys", "generation_requests", "daily_usage"]) {
      expect(await ids("anon", null, `select 1 as id from public.${table}`), table).toEqual([]);
    }
  });

  it("keeps quota counters from signed-in users too, their own included", async () => {
    expect(
      await ids("authenticated", alice, "select subject as id from public.daily_usage"),
    ).toEqual([]);
  });

  it("shows anonymous visitors the tiers, the gallery and finished public generations", async () => {
    expect(await ids("anon", null, "select id from public.tiers")).toEqual(
      sorted("anonymous", "enterprise", "free", "premium"),
    );
    expect(
      await ids("anon", null, "select id from public.gallery_avatars where id = $1", [galleryId]),
    ).toEqual([galleryId]);
    expect(
      await ids("anon", null, "select id from public.generations where id = any($1::uuid[])", [
        ourGenerations,
      ]),
    ).toEqual([bobPublic]);
  });

  it("lets no API role write: no self-upgrades, no self-made keys, no quota resets", async () => {
    const changes: [Role, string | null, string, unknown[]][] = [
      [
        "authenticated",
        alice,
        "update public.profiles set tier_id = 'enterprise' where id = $1",
        [alice],
      ],
      ["authenticated", alice, "update public.profiles set overrides = $1", [{ daily_quota: 1e6 }]],
      ["authenticated", alice, "update public.profiles set is_admin = true where id = $1", [alice]],
      [
        "authenticated",
        alice,
        "update public.api_keys set revoked_at = now() where id = $1",
        [bobKey],
      ],
      ["authenticated", alice, "delete from public.api_keys", []],
      ["authenticated", alice, "update public.daily_usage set count = 0", []],
      ["authenticated", alice, "delete from public.daily_usage", []],
      ["authenticated", alice, "update public.generation_requests set hidden_at = now()", []],
      ["authenticated", alice, "update public.generations set private = false", []],
      ["authenticated", alice, "update public.tiers set daily_quota = 1000000", []],
      ["anon", null, "delete from public.gallery_avatars", []],
      ["anon", null, "update public.tiers set daily_quota = 1000000", []],
    ];
    for (const [role, sub, sql, params] of changes) {
      expect((await as(role, sub, sql, params)).rowCount, sql).toBe(0);
    }
    const inserts: [Role, string | null, string, unknown[]][] = [
      [
        "authenticated",
        alice,
        "insert into public.api_keys (owner_id, name, prefix, key_hash) values ($1, 'mine', 'lk_live_xxxx', 'h')",
        [alice],
      ],
      [
        "authenticated",
        alice,
        "insert into public.daily_usage (subject, day, count) values ($1, current_date + 1, 0)",
        [`user:${alice}`],
      ],
      [
        "authenticated",
        alice,
        "insert into public.generation_requests (generation_id, subject, owner_id) values ($1, 'x', $2)",
        [bobPublic, alice],
      ],
      ["anon", null, "insert into public.profiles (id) values ($1)", [randomUUID()]],
      [
        "anon",
        null,
        "insert into public.generations (request_hash, params, prompt, model) values ('h', '{}', 'p', 'flux-schnell')",
        [],
      ],
    ];
    for (const [role, sub, sql, params] of inserts) {
      await expect(as(role, sub, sql, params), sql).rejects.toThrow(/row-level security/);
    }
    const [profile] = await query<{ tier_id: string; overrides: unknown }>(
      "select tier_id, overrides from public.profiles where id = $1",
      [alice],
    );
    expect(profile).toEqual({ tier_id: "free", overrides: {} });
  });

  it("does not apply to the service role, which the server uses", async () => {
    expect(
      await ids("service_role", null, "select id from public.profiles where id = any($1::uuid[])", [
        [alice, bob],
      ]),
    ).toEqual(sorted(alice, bob));
    expect(
      await ids(
        "service_role",
        null,
        "select subject as id from public.daily_usage where subject = any($1)",
        [[`user:${alice}`, `user:${bob}`]],
      ),
    ).toEqual(sorted(`user:${alice}`, `user:${bob}`));
  });

  it("keeps an anonymous visitor's own requests private too", async () => {
    expect(
      await ids("anon", null, "select id from public.generation_requests where id = $1", [
        anonRequest,
      ]),
    ).toEqual([]);
  });
});
