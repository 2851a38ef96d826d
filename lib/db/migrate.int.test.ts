import { afterAll, describe, expect, it } from "vitest";
import { closeDb, db, query } from "@/lib/db";
import { migrate } from "./migrate";

afterAll(closeDb);

const TABLES = [
  "tiers",
  "profiles",
  "api_keys",
  "daily_usage",
  "generations",
  "generation_requests",
  "gallery_avatars",
  "webhook_signing_secrets",
  "webhook_deliveries",
  "idempotency_keys",
  "provider_calls",
  "provider_prices",
  "budgets",
  "budget_alerts",
];

describe("migrations", () => {
  it("are recorded where the Supabase CLI records them, and a second run applies nothing", async () => {
    const rows = await query<{ version: string; name: string }>(
      "select version, name from supabase_migrations.schema_migrations order by version",
    );
    expect(rows.map((r) => r.name)).toContain("init");
    const client = await db().connect();
    try {
      expect(await migrate(client, process.cwd(), () => undefined)).toEqual([]);
    } finally {
      client.release();
    }
  });

  it("enable RLS on every table and comment every table and column", async () => {
    const rls = await query<{ relname: string; relrowsecurity: boolean; comment: string | null }>(
      `select c.relname, c.relrowsecurity, obj_description(c.oid, 'pg_class') as comment
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r'`,
    );
    expect(rls.map((r) => r.relname).sort()).toEqual([...TABLES].sort());
    for (const table of rls) {
      expect(table.relrowsecurity, table.relname).toBe(true);
      expect(table.comment, table.relname).toBeTruthy();
    }
    const uncommented = await query<{ col: string }>(
      `select c.relname || '.' || a.attname as col
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
         and col_description(c.oid, a.attnum) is null`,
    );
    expect(uncommented).toEqual([]);
  });

  it("seed the four tiers with their limits", async () => {
    const tiers = await query<{
      id: string;
      daily_quota: number;
      queue_priority: number;
      max_size: number;
    }>(
      "select id, daily_quota, queue_priority, max_size from public.tiers order by queue_priority",
    );
    expect(tiers).toEqual([
      { id: "enterprise", daily_quota: 20000, queue_priority: 1, max_size: 2048 },
      { id: "premium", daily_quota: 500, queue_priority: 2, max_size: 2048 },
      { id: "free", daily_quota: 10, queue_priority: 10, max_size: 1280 },
      { id: "anonymous", daily_quota: 3, queue_priority: 15, max_size: 1280 },
    ]);
  });
});

describe("row level security", () => {
  /** Runs `sql` as a Supabase API role with the given JWT subject, inside a rolled-back transaction. */
  async function asRole<T>(
    role: "anon" | "authenticated",
    sub: string | null,
    sql: string,
  ): Promise<T[]> {
    const client = await db().connect();
    try {
      await client.query("begin");
      await client.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify(sub ? { sub, role } : { role }),
      ]);
      await client.query(`set local role ${role}`);
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.query("rollback");
      client.release();
    }
  }

  it("lets each user read only their own profile and keys", async () => {
    const [alice, bob] = await query<{ id: string }>(
      `insert into auth.users (email) values ('alice@rls.test'), ('bob@rls.test') returning id`,
    );
    await query(
      `insert into public.api_keys (owner_id, name, prefix, key_hash) values ($1, 'a', 'lk_a', 'hash-a'), ($2, 'b', 'lk_b', 'hash-b')`,
      [alice!.id, bob!.id],
    );
    const profiles = await asRole<{ id: string; tier_id: string }>(
      "authenticated",
      alice!.id,
      "select id, tier_id from public.profiles",
    );
    expect(profiles).toEqual([{ id: alice!.id, tier_id: "free" }]);
    const keys = await asRole<{ name: string }>(
      "authenticated",
      alice!.id,
      "select name from public.api_keys",
    );
    expect(keys).toEqual([{ name: "a" }]);
    // Granted as on Supabase, so it is the policies that hide every row from anon.
    expect(await asRole("anon", null, "select id from public.profiles")).toEqual([]);
  });

  it("keeps quota counters away from API roles entirely (RLS on, no policy)", async () => {
    await query(
      "insert into public.daily_usage (subject, day, count) values ('user:x', current_date, 3)",
    );
    expect(await asRole("authenticated", null, "select * from public.daily_usage")).toEqual([]);
  });

  it("shows the gallery and tiers to anonymous visitors", async () => {
    const tiers = await asRole<{ id: string }>("anon", null, "select id from public.tiers");
    expect(tiers).toHaveLength(4);
  });
});
