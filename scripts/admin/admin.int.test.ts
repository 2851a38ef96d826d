import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { verifyApiKey } from "@/lib/auth/api-keys";
import { closeDb, query } from "@/lib/db";
import { closeRedis, readyRedis } from "@/lib/redis";
import { BUDGETS_VERSION_KEY } from "@/lib/spend/counters";
import { integrationEnv } from "@/tests/integration/env";

afterAll(async () => {
  await closeDb();
  await closeRedis();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout as JSON (the --json result), or undefined when it is not JSON. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- each test reads its own shape
  /** The {"error": …} document of a failed --json run. */
  error: { code: string; message: string } | undefined;
}

/** Runs the CLI the way `npm run admin` does, against the integration database. */
function admin(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...integrationEnv(), ...extraEnv };
  for (const name of ["NEXT_PUBLIC_SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY"]) {
    if (!(name in extraEnv)) delete env[name];
  }
  return new Promise((resolve, reject) => {
    // tsx as a loader in one process (the tsx command adds a second, parent process).
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/admin/index.ts", ...args], {
      env,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const parse = (text: string) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return undefined;
        }
      };
      const error = (parse(stderr.trim().split("\n").at(-1) ?? "") as { error?: Run["error"] })
        ?.error;
      resolve({ code, stdout, stderr, json: parse(stdout), error });
    });
  });
}

const newEmail = (what: string) => `${what}-${randomUUID().slice(0, 8)}@Admin.Test`;

async function profile(id: string) {
  const [row] = await query<{ tier_id: string; overrides: unknown; email: string }>(
    "select tier_id, overrides, email from public.profiles where id = $1",
    [id],
  );
  return row;
}

// Each run starts a process (about a second, several on a loaded machine): generous timeouts. The
// tests run concurrently (each has users of its own), so the processes of one overlap another's.
describe("admin CLI", { timeout: 120_000, concurrent: true }, () => {
  it("creates an enterprise user and a key that works until it is revoked", async () => {
    const email = newEmail("ops");
    const created = await admin([
      "user:create",
      "--email",
      email,
      "--tier",
      "enterprise",
      "--json",
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.json).toMatchObject({
      created: true,
      user: { email: email.toLowerCase(), tier: "enterprise" },
    });
    const userId = created.json.user.id as string;
    expect(await profile(userId)).toMatchObject({
      tier_id: "enterprise",
      email: email.toLowerCase(),
    });

    // Idempotent on the email, whatever its case: the same user, unchanged.
    const again = await admin(["user:create", "--email", email.toUpperCase(), "--json"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json).toMatchObject({ created: false, user: { id: userId, tier: "enterprise" } });
    const [{ n }] = (await query<{ n: number }>(
      "select count(*)::int as n from auth.users where lower(email) = lower($1)",
      [email],
    )) as [{ n: number }];
    expect(n).toBe(1);

    const key = await admin(["key:create", "--email", email, "--name", "ci", "--json"]);
    expect(key.code, key.stderr).toBe(0);
    expect(key.json).toMatchObject({ name: "ci", expiresAt: null, owner: { id: userId } });
    expect(key.json.key).toMatch(/^lk_live_[0-9A-Za-z]{49}$/);
    expect(key.json.prefix).toBe(key.json.key.slice(0, 12));
    expect(await verifyApiKey(key.json.key as string)).toMatchObject({
      ok: true,
      key: { id: key.json.id, ownerId: userId, name: "ci", dailyLimit: null },
      owner: { tier: "enterprise" },
    });

    const listed = await admin(["key:list", "--email", email, "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.json.keys).toHaveLength(1);
    expect(listed.json.keys[0]).toMatchObject({ id: key.json.id, status: "active" });
    expect(listed.json.keys[0].lastUsedAt).not.toBeNull();
    expect(listed.stdout).not.toContain(key.json.key);

    const revoked = await admin(["key:revoke", "--prefix", key.json.prefix, "--json"]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.json).toMatchObject({ status: "revoked", key: { id: key.json.id } });
    expect(await verifyApiKey(key.json.key as string)).toEqual({
      ok: false,
      code: "key_revoked",
      lookedUp: true,
    });

    const twice = await admin(["key:revoke", "--id", key.json.id, "--json"]);
    expect(twice.code, twice.stderr).toBe(0);
    expect(twice.json.status).toBe("already_revoked");
  });

  it("prints the key once in human-readable output too", async () => {
    const email = newEmail("human");
    expect((await admin(["user:create", "--email", email, "--tier", "enterprise"])).code).toBe(0);
    const run = await admin(["key:create", "--email", email, "--expires-in", "30d"]);
    expect(run.code, run.stderr).toBe(0);
    const key = /^(lk_live_[0-9A-Za-z]{49})$/m.exec(run.stdout)?.[1];
    expect(key, run.stdout).toBeDefined();
    expect(run.stdout).toMatch(/shown only this once/);
    const result = await verifyApiKey(key!);
    expect(result.ok).toBe(true);
    const [row] = await query<{ expires_at: Date; name: string }>(
      "select expires_at, name from public.api_keys where owner_id = (select id from public.profiles where email = $1)",
      [email.toLowerCase()],
    );
    expect(row!.name).toBe("default");
    expect(Math.abs(row!.expires_at.getTime() - (Date.now() + 30 * 86_400_000))).toBeLessThan(
      60_000,
    );
  });

  it("gives a key a daily limit of its own, and stops at the tier's number of live keys unless forced", async () => {
    const email = newEmail("cap");
    expect((await admin(["user:create", "--email", email, "--tier", "enterprise"])).code).toBe(0);
    await query(`update public.profiles set overrides = '{"max_api_keys": 2}' where email = $1`, [
      email.toLowerCase(),
    ]);
    const limited = await admin(["key:create", "--email", email, "--daily-limit", "40", "--json"]);
    expect(limited.code, limited.stderr).toBe(0);
    expect(limited.json.dailyLimit).toBe(40);
    expect(await verifyApiKey(limited.json.key as string)).toMatchObject({
      key: { dailyLimit: 40 },
    });
    expect((await admin(["key:create", "--email", email, "--json"])).code).toBe(0);

    const refused = await admin(["key:create", "--email", email, "--json"]);
    expect(refused.code).toBe(1);
    expect(refused.error?.code).toBe("too_many_keys");
    expect(refused.error?.message).toContain("maximum of 2");
    expect((await admin(["key:create", "--email", email, "--force", "--json"])).code).toBe(0);

    const listed = await admin(["key:list", "--email", email, "--json"]);
    expect(listed.json.keys.map((k: { dailyLimit: number | null }) => k.dailyLimit).sort()).toEqual(
      [40, null, null].sort(),
    );
    for (const bad of ["0", "-3", "2.5", "many"]) {
      const run = await admin(["key:create", "--email", email, "--daily-limit", bad, "--force"]);
      expect(run.code, bad).toBe(2);
    }
  });

  it("refuses keys for users outside the enterprise tier unless forced", async () => {
    const email = newEmail("free");
    const user = await admin(["user:create", "--email", email, "--json"]);
    expect(user.json.user.tier).toBe("free");

    const refused = await admin(["key:create", "--email", email, "--json"]);
    expect(refused.code).toBe(1);
    expect(refused.error?.code).toBe("not_enterprise");
    expect(refused.stdout).toBe("");
    const forced = await admin([
      "key:create",
      "--email",
      email,
      "--force",
      "--expires",
      "2099-01-01",
      "--json",
    ]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.json.expiresAt).toBe("2099-01-01T00:00:00.000Z");
    expect(await verifyApiKey(forced.json.key as string)).toMatchObject({
      ok: true,
      owner: { tier: "free" },
    });
  });

  it("sets a user's tier and validated overrides", async () => {
    const email = newEmail("tier");
    const user = await admin(["user:create", "--email", email, "--json"]);
    const id = user.json.user.id as string;

    const set = await admin([
      "user:tier",
      "--email",
      email,
      "--tier",
      "premium",
      "--overrides",
      '{"daily_quota":50000}',
      "--json",
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.json).toMatchObject({
      user: { tier: "premium", overrides: { daily_quota: 50000 } },
      before: { tier: "free", overrides: {} },
      limits: { id: "premium", dailyQuota: 50000 },
    });
    expect(await profile(id)).toMatchObject({
      tier_id: "premium",
      overrides: { daily_quota: 50000 },
    });

    const bad = ['{"daily_qouta":1}', '{"daily_quota":-1}', "{oops", '{"max_size":4096}'];
    const [nobody, wrongTier, ...refused] = await Promise.all([
      admin(["user:tier", "--email", newEmail("nobody"), "--tier", "free", "--json"]),
      admin(["user:tier", "--email", email, "--tier", "anonymous", "--json"]),
      ...bad.map((o) => admin(["user:tier", "--email", email, "--overrides", o, "--json"])),
    ]);
    expect(nobody!.code).toBe(1);
    expect(nobody!.error?.code).toBe("user_not_found");
    for (const [i, run] of [wrongTier!, ...refused].entries()) {
      expect([run.code, run.error?.code], ["anonymous", ...bad][i]).toEqual([2, "usage"]);
    }
    expect(await profile(id)).toMatchObject({
      tier_id: "premium",
      overrides: { daily_quota: 50000 },
    });

    // The tier alone keeps the overrides; '{}' clears them.
    await admin(["user:tier", "--email", email, "--tier", "enterprise"]);
    expect(await profile(id)).toMatchObject({
      tier_id: "enterprise",
      overrides: { daily_quota: 50000 },
    });
    await admin(["user:tier", "--email", email, "--overrides", "{}"]);
    expect(await profile(id)).toMatchObject({ tier_id: "enterprise", overrides: {} });
  });

  it("grants and revokes admin, idempotently", async () => {
    const email = newEmail("admin");
    const user = await admin(["user:create", "--email", email, "--tier", "premium", "--json"]);
    expect(user.code, user.stderr).toBe(0);
    expect(user.json.user.isAdmin).toBe(false);
    const id = user.json.user.id as string;
    const isAdmin = async () =>
      (
        await query<{ is_admin: boolean }>("select is_admin from public.profiles where id = $1", [
          id,
        ])
      )[0]?.is_admin;

    const granted = await admin(["user:admin", "--email", email.toUpperCase(), "--json"]);
    expect(granted.code, granted.stderr).toBe(0);
    expect(granted.json).toMatchObject({
      user: { id, email: email.toLowerCase(), tier: "premium", isAdmin: true },
      before: { isAdmin: false },
    });
    expect(await isAdmin()).toBe(true);

    const again = await admin(["user:admin", "--email", email]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^unchanged .*already an admin/);
    expect(await isAdmin()).toBe(true);

    const revoked = await admin(["user:admin", "--email", email, "--revoke", "--json"]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.json).toMatchObject({ user: { id, isAdmin: false }, before: { isAdmin: true } });
    expect(await isAdmin()).toBe(false);
    const twice = await admin(["user:admin", "--email", email, "--revoke", "--json"]);
    expect(twice.json).toMatchObject({ user: { isAdmin: false }, before: { isAdmin: false } });
    // The tier is untouched by the flag.
    expect(await profile(id)).toMatchObject({ tier_id: "premium" });

    const [nobody, noEmail, badEmail] = await Promise.all([
      admin(["user:admin", "--email", newEmail("nobody"), "--json"]),
      admin(["user:admin", "--json"]),
      admin(["user:admin", "--email", "not-an-email", "--revoke", "--json"]),
    ]);
    expect([nobody.code, nobody.error?.code]).toEqual([1, "user_not_found"]);
    expect([noEmail.code, noEmail.error?.code]).toEqual([2, "usage"]);
    expect([badEmail.code, badEmail.error?.code]).toEqual([2, "usage"]);
  });

  it("sets, changes and removes budgets, and exits when done", async () => {
    const email = newEmail("budget");
    expect((await admin(["user:create", "--email", email, "--tier", "enterprise"])).code).toBe(0);
    const budgetsOf = (scope: "global" | "account") =>
      query<{ limit_usd: string; hard_cap_usd: string | null }>(
        `select b.limit_usd, b.hard_cap_usd from public.budgets b
         left join public.profiles p on p.id = b.account_id
         where b.period = 'month' and b.scope = $1 and (b.scope = 'global' or p.email = $2)`,
        [scope, email.toLowerCase()],
      );
    const version = async () => (await readyRedis()).get(BUDGETS_VERSION_KEY);
    try {
      const before = await version();
      const account = await admin(["budget:set", "--usd", "25", "--email", email, "--json"]);
      expect(account.code, account.stderr).toBe(0);
      // Every running process hears of the change on its next request.
      expect(await version()).not.toBe(before);
      expect(account.json).toMatchObject({
        budget: { scope: "account", period: "month", limit_usd: 25, hard_cap_usd: null },
      });
      expect(await budgetsOf("account")).toEqual([{ limit_usd: "25.0000", hard_cap_usd: null }]);

      const capped = await admin(["budget:set", "--usd", "400", "--hard-cap", "450", "--json"]);
      expect(capped.code, capped.stderr).toBe(0);
      expect(capped.json).toMatchObject({ budget: { limit_usd: 400, hard_cap_usd: 450 } });
      // none: the hard cap goes back to its default, 120% of the budget.
      const uncapped = await admin(["budget:set", "--usd", "400", "--hard-cap", "none", "--json"]);
      expect(uncapped.code, uncapped.stderr).toBe(0);
      expect(uncapped.json).toMatchObject({ budget: { limit_usd: 400, hard_cap_usd: 480 } });
      expect(await budgetsOf("global")).toEqual([{ limit_usd: "400.0000", hard_cap_usd: null }]);

      const removed = await admin(["budget:set", "--usd", "none", "--email", email]);
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stdout).toContain("removed the monthly budget");
      expect(await budgetsOf("account")).toEqual([]);

      // The environment's budget would undo a change at the next start: the operator is told.
      const configured = await admin(["budget:set", "--usd", "450"], { BUDGET_MONTHLY_USD: "450" });
      expect(configured.code, configured.stderr).toBe(0);
      expect(configured.stderr).toContain("BUDGET_MONTHLY_USD is set");
      expect(capped.stderr).not.toContain("BUDGET_MONTHLY_USD");

      for (const bad of ["", "-1", "lots"]) {
        const refused = await admin(["budget:set", "--usd", bad, "--json"]);
        expect(refused.code, bad).toBe(2);
      }
    } finally {
      await admin(["budget:set", "--usd", "500"]);
    }
  });

  it("reports usage per subject with the limit and the next UTC midnight", async () => {
    const email = newEmail("usage");
    const user = await admin(["user:create", "--email", email, "--tier", "premium", "--json"]);
    const id = user.json.user.id as string;
    expect(user.code, user.stderr).toBe(0);
    const tier = await admin(["user:tier", "--email", email, "--overrides", '{"daily_quota":700}']);
    expect(tier.code, tier.stderr).toBe(0);
    const key = await admin(["key:create", "--email", email, "--force", "--json"]);
    expect(key.code, key.stderr).toBe(0);
    const anon = `anon:${randomUUID()}`;
    await query(
      `insert into public.daily_usage (subject, day, count)
       values ($1, '2026-03-01', 12), ($2, '2026-03-01', 4), ($1, '2026-03-02', 99), ($3, '2026-03-01', 2)`,
      [`user:${id}`, `key:${key.json.id}`, anon],
    );

    const [byEmail, bySubject, byKey, today, human] = await Promise.all([
      admin(["usage", "--email", email, "--day", "2026-03-01", "--json"]),
      admin(["usage", "--subject", anon, "--day", "2026-03-01", "--json"]),
      admin(["usage", "--subject", `key:${key.json.id}`, "--day", "2026-03-01", "--json"]),
      admin(["usage", "--subject", `user:${id}`, "--json"]),
      admin(["usage", "--email", email, "--day", "2026-03-01"]),
    ]);
    expect(byEmail.code, byEmail.stderr).toBe(0);
    expect(byEmail.json).toMatchObject({
      day: "2026-03-01",
      tier: "premium",
      limit: 700,
      resetsAt: "2026-03-02T00:00:00.000Z",
      entries: [
        { subject: `user:${id}`, count: 12, limit: 700, remaining: 688 },
        { subject: `key:${key.json.id}`, count: 4, limit: 700, remaining: 696 },
      ],
    });
    expect(bySubject.json).toMatchObject({
      tier: "anonymous",
      limit: 3,
      entries: [{ subject: anon, count: 2, remaining: 1 }],
    });
    expect(byKey.json).toMatchObject({ tier: "premium", limit: 700, entries: [{ count: 4 }] });

    const day = new Date().toISOString().slice(0, 10);
    expect(today.json).toMatchObject({
      day,
      entries: [{ subject: `user:${id}`, count: 0, remaining: 700 }],
    });
    expect(Date.parse(today.json.resetsAt as string)).toBe(
      Date.parse(`${day}T00:00:00Z`) + 86_400_000,
    );

    expect(human!.stdout).toMatch(/12 \/ 700/);
    expect(human!.stdout).toMatch(/resets at 2026-03-02T00:00:00Z/);
  });

  it("rotates a key's webhook signing secret, printing the new one once; the old one signs a day more", async () => {
    const email = newEmail("rotate");
    expect((await admin(["user:create", "--email", email, "--tier", "enterprise"])).code).toBe(0);
    const key = await admin(["key:create", "--email", email, "--json"]);
    expect(key.code, key.stderr).toBe(0);
    const rotated = await admin(["key:rotate-webhook-secret", "--id", key.json.id, "--json"]);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.json.webhookSecret).toMatch(/^whsec_/);
    expect(rotated.json.webhookSecret).not.toBe(key.json.webhookSecret);
    const [row] = await query<{ secret: string; previous_secret: string; hours: number }>(
      `select secret, previous_secret,
              extract(epoch from previous_expires_at - now()) / 3600 as hours
       from public.webhook_signing_secrets where api_key_id = $1`,
      [key.json.id],
    );
    expect(row).toMatchObject({
      secret: rotated.json.webhookSecret,
      previous_secret: key.json.webhookSecret,
    });
    expect(Number(row!.hours)).toBeGreaterThan(23.9);

    const missing = await admin(["key:rotate-webhook-secret", "--id", randomUUID(), "--json"]);
    expect([missing.code, missing.error?.code]).toEqual([1, "key_not_found"]);
    const bad = await admin(["key:rotate-webhook-secret", "--id", "lk_live_abcd", "--json"]);
    expect([bad.code, bad.error?.code]).toEqual([2, "usage"]);
  });

  it("answers bad input with a usage error (exit 2) and unknown things with exit 1", async () => {
    const runs = await Promise.all([
      admin(["frobnicate", "--json"]),
      admin(["usage", "--email", "x@y.zz", "--day", "2026-02-30", "--json"]),
      admin(["usage", "--subject", "robot:1", "--json"]),
      admin(["key:create", "--email", "not-an-email", "--json"]),
      admin(["key:create", "--email", "x@y.zz", "--expires", "2001-01-01", "--json"]),
      admin(["key:revoke", "--json"]),
      admin(["key:list", "--email", "x@y.zz", "--colour", "--json"]),
      admin(["key:revoke", "--id", randomUUID(), "--json"]),
      admin(["usage", "--subject", `user:${randomUUID()}`, "--json"]),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2, 2, 1, 1]);
    expect(runs.map((r) => r.error?.code)).toEqual([
      "usage",
      "usage",
      "usage",
      "usage",
      "usage",
      "usage",
      "usage",
      "key_not_found",
      "subject_not_found",
    ]);
    for (const run of runs) expect(run.stdout).toBe("");

    const [help, commandHelp, bare] = await Promise.all([
      admin(["--help"]),
      admin(["key:create", "--help"]),
      admin([]),
    ]);
    expect(help.code).toBe(0);
    for (const command of [
      "user:create",
      "user:tier",
      "user:admin",
      "key:create",
      "key:revoke",
      "key:list",
      "usage",
    ]) {
      expect(help.stdout).toContain(command);
    }
    expect(commandHelp.code).toBe(0);
    expect(commandHelp.stdout).toMatch(/--expires-in/);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/usage: npm run admin/);
  });

  it("answers each kind of commander parse error with exit 2, as JSON under --json", async () => {
    const cases = [
      ["key:create", "--email", "x@y.zz", "--expires", "2099-01-01", "--expires-in", "3d"],
      ["key:list", "--email", "x@y.zz", "extra"],
      ["key:list", "--email"],
      ["key:create", "--email", "x@y.zz", "--force=yes"],
      ["help", "frobnicate"],
      [],
    ];
    const runs = await Promise.all(cases.map((args) => admin([...args, "--json"])));
    for (const [i, run] of runs.entries()) {
      expect([run.code, run.error?.code, run.stdout], cases[i]!.join(" ")).toEqual([
        2,
        "usage",
        "",
      ]);
    }
    const text = await admin(["key:list", "--email", "x@y.zz", "--colour"]);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/^error: unknown option '--colour'/);
  });

  it("says so when the database is unreachable", async () => {
    const run = await admin(["key:list", "--email", "x@y.zz", "--json"], {
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere",
    });
    expect(run.code).toBe(1);
    expect(run.error?.code).toBe("database_unavailable");
  });

  describe("with a Supabase project configured", () => {
    let server: Server | undefined;
    afterAll(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

    /** A stand-in for Supabase Auth's admin API: creates the user in auth.users as GoTrue would. */
    async function fakeSupabaseAuth(serviceRoleKey: string) {
      const requests: { path: string; authorization?: string; apikey?: string; body: unknown }[] =
        [];
      const read = async (req: IncomingMessage) => {
        let text = "";
        for await (const chunk of req) text += String(chunk);
        return JSON.parse(text || "{}") as { email?: string };
      };
      server = createServer((req, res) => {
        void (async () => {
          const body = await read(req);
          requests.push({
            path: `${req.method} ${req.url}`,
            authorization: req.headers.authorization,
            apikey: req.headers.apikey as string | undefined,
            body,
          });
          if (req.method !== "POST" || req.url !== "/auth/v1/admin/users") {
            res.writeHead(404).end("{}");
            return;
          }
          if (req.headers.authorization !== `Bearer ${serviceRoleKey}`) {
            res.writeHead(401, { "content-type": "application/json" });
            res.end(JSON.stringify({ code: 401, error_code: "no_authorization", msg: "bad key" }));
            return;
          }
          const [user] = await query<{ id: string; created_at: Date }>(
            "insert into auth.users (email) values ($1) returning id, created_at",
            [body.email],
          );
          res.writeHead(200, { "content-type": "application/json" });
          res.end(
            JSON.stringify({
              id: user!.id,
              aud: "authenticated",
              role: "authenticated",
              email: body.email,
              email_confirmed_at: new Date().toISOString(),
              app_metadata: { provider: "email", providers: ["email"] },
              user_metadata: {},
              created_at: user!.created_at,
            }),
          );
        })();
      });
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, requests };
    }

    it("creates users through Supabase Auth's admin API, once", async () => {
      const auth = await fakeSupabaseAuth("service-role-secret");
      const env = {
        NEXT_PUBLIC_SUPABASE_URL: auth.url,
        NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_test",
        SUPABASE_SERVICE_ROLE_KEY: "service-role-secret",
      };
      const email = newEmail("supabase");
      const run = await admin(
        ["user:create", "--email", email, "--tier", "premium", "--json"],
        env,
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.json).toMatchObject({ created: true, user: { tier: "premium" } });
      expect(auth.requests).toEqual([
        {
          path: "POST /auth/v1/admin/users",
          authorization: "Bearer service-role-secret",
          apikey: "service-role-secret",
          body: expect.objectContaining({ email: email.toLowerCase(), email_confirm: true }),
        },
      ]);
      expect(await profile(run.json.user.id as string)).toMatchObject({ tier_id: "premium" });

      const again = await admin(["user:create", "--email", email, "--json"], env);
      expect(again.json).toMatchObject({ created: false, user: { id: run.json.user.id } });
      expect(auth.requests).toHaveLength(1);

      const refused = await admin(["user:create", "--email", newEmail("denied"), "--json"], {
        ...env,
        SUPABASE_SERVICE_ROLE_KEY: "wrong",
      });
      expect(refused.code).toBe(1);
      expect(refused.error?.code).toBe("supabase_error");
    });
  });
});
