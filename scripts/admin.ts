// npm run admin -- <command> [options]: accounts, tiers, API keys and quota usage, for operators.
//
// Talks to DATABASE_URL (default: the local PostgreSQL) as the server does. New users are made in the
// local stand-in auth.users table, or through Supabase Auth's admin API when NEXT_PUBLIC_SUPABASE_URL
// and SUPABASE_SERVICE_ROLE_KEY are set (DATABASE_URL must then be that project's database, where
// the sign-up trigger creates the profile). Human-readable output by default; --json prints one JSON
// document on stdout, and on failure {"error": {"code", "message"}} on stderr.
//
// Exit codes: 0 done (also when there was nothing to do, e.g. the user already existed), 1 refused
// or failed (unknown user or key, database unreachable), 2 usage error (unknown command or option,
// bad value).
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "@/lib/api/text";
import {
  ApiKeyError,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  type ApiKeyInfo,
} from "@/lib/auth/api-keys";
import { overridesSchema } from "@/lib/auth/tier-overrides";
import { forgetTiers, limitsFor } from "@/lib/auth/tiers";
import { subjectFor, type TierId } from "@/lib/auth/types";
import { closeDb, isConnectionError, query } from "@/lib/db";
import { EnvError } from "@/lib/env";
import { quotaResetsAt, utcDay } from "@/lib/limits/quota";
import { supabaseStatelessClient } from "@/lib/supabase/server";
import { PREVIOUS_SECRET_HOURS, rotateSigningSecret } from "@/lib/webhooks/secrets";

/** Tiers an account can have: `anonymous` is for visitors without one. */
const ACCOUNT_TIERS = ["free", "premium", "enterprise"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emailSchema = z.email({ pattern: z.regexes.html5Email });

class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}
const usageError = (message: string) => new CliError("usage", message, 2);

type Values = Record<string, string | boolean | undefined>;
type Options = NonNullable<ParseArgsConfig["options"]>;

interface Output {
  json: unknown;
  text: string;
  /** Printed on stderr in both modes: something the operator should know that is not the result. */
  warning?: string;
}

interface Command {
  summary: string;
  help: string;
  options: Options;
  run(values: Values): Promise<Output>;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

function required(values: Values, name: string): string {
  const v = str(values, name);
  if (v === undefined || v.trim() === "") throw usageError(`--${name} is required`);
  return v.trim();
}

function email(values: Values): string {
  const raw = required(values, "email");
  if (!emailSchema.safeParse(raw).success) throw usageError(`--email: "${raw}" is not an email`);
  // Supabase Auth stores emails in lower case; so do we, and lookups ignore case.
  return raw.toLowerCase();
}

function tier(value: string | undefined): (typeof ACCOUNT_TIERS)[number] | undefined {
  if (value === undefined) return undefined;
  if (!(ACCOUNT_TIERS as readonly string[]).includes(value)) {
    throw usageError(`--tier must be one of ${ACCOUNT_TIERS.join(", ")}, got "${value}"`);
  }
  return value as (typeof ACCOUNT_TIERS)[number];
}

interface User {
  id: string;
  email: string | null;
  tier: TierId;
  overrides: Record<string, unknown>;
  createdAt: Date;
}

const USER_COLUMNS = 'id, email, tier_id as tier, overrides, created_at as "createdAt"';

async function findUser(address: string): Promise<User | undefined> {
  const [user] = await query<User>(
    `select ${USER_COLUMNS} from public.profiles where lower(email) = lower($1)`,
    [address],
  );
  return user;
}

async function userByEmail(address: string): Promise<User> {
  const user = await findUser(address);
  if (!user) {
    throw new CliError(
      "user_not_found",
      `No user has the email ${address}. Create one with: npm run admin -- user:create --email ${address}`,
    );
  }
  return user;
}

function describeUser(user: User): string {
  const overrides = Object.keys(user.overrides).length
    ? `, overrides ${JSON.stringify(user.overrides)}`
    : "";
  return `${user.email ?? "(no email)"}  id ${user.id}  tier ${user.tier}${overrides}`;
}

function when(date: Date | null, none = "never"): string {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : none;
}

/** `2027-01-01` (midnight UTC) or a full ISO 8601 time. */
function parseExpires(value: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? new Date(`${value}T00:00:00Z`)
    : /^\d{4}-\d{2}-\d{2}T/.test(value)
      ? new Date(value)
      : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw usageError(`--expires: "${value}" is not a date (2027-01-01) or ISO time`);
  }
  return date;
}

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `12h`, `30d` or `8w` from now. */
function parseExpiresIn(value: string): Date {
  const match = /^(\d{1,5})([hdw])$/.exec(value);
  const amount = Number(match?.[1]);
  if (!match || amount < 1) {
    throw usageError(`--expires-in: "${value}" is not a duration like 12h, 30d or 8w`);
  }
  return new Date(Date.now() + amount * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}

function keyTable(keys: ApiKeyInfo[]): string {
  const rows = [
    ["PREFIX", "NAME", "STATUS", "CREATED", "LAST USED", "EXPIRES", "ID"],
    ...keys.map((k) => [
      k.prefix,
      k.name,
      k.status,
      when(k.createdAt),
      when(k.lastUsedAt),
      when(k.expiresAt),
      k.id,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function keyJson(k: ApiKeyInfo) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    status: k.status,
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
    expiresAt: k.expiresAt,
  };
}

// ---------------------------------------------------------------------------------------------
// user:create
// ---------------------------------------------------------------------------------------------

function supabaseAdminConfig(): { url: string; serviceRoleKey: string } | undefined {
  const url = process.env.NEXT_PUBLIC_SUPABASE_URL?.trim() || undefined;
  const serviceRoleKey = process.env.SUPABASE_SERVICE_ROLE_KEY?.trim() || undefined;
  if (url === undefined && serviceRoleKey === undefined) return undefined;
  if (url === undefined || serviceRoleKey === undefined) {
    throw new CliError(
      "invalid_environment",
      "Set both NEXT_PUBLIC_SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY to create users in Supabase Auth, or neither to use the local auth.users table.",
    );
  }
  return { url, serviceRoleKey };
}

/** Creates the auth user; the on_auth_user_created trigger then creates its free profile. */
async function createAuthUser(address: string): Promise<string> {
  const supabase = supabaseAdminConfig();
  if (supabase) {
    const client = supabaseStatelessClient(supabase.url, supabase.serviceRoleKey);
    const { data, error } = await client.auth.admin.createUser({
      email: address,
      email_confirm: true,
    });
    if (error || !data.user) {
      throw new CliError(
        "supabase_error",
        `Supabase Auth did not create ${address}: ${error?.message ?? "no user in its answer"}`,
      );
    }
    return data.user.id;
  }
  const [row] = await query<{ id: string }>(
    "insert into auth.users (email) values ($1) returning id",
    [address],
  );
  return row!.id;
}

/**
 * An auth user with this email whose profile has no email (made before profiles had one): give the
 * profile its email, so it is found by email from now on.
 */
async function adoptAuthUser(address: string): Promise<User | undefined> {
  const [auth] = await query<{ id: string; email: string }>(
    "select id, email from auth.users where lower(email) = lower($1) limit 1",
    [address],
  );
  if (!auth) return undefined;
  await query(
    `insert into public.profiles (id, email) values ($1, $2)
     on conflict (id) do update set email = excluded.email where public.profiles.email is null`,
    [auth.id, auth.email],
  );
  return findUser(address);
}

const userCreate: Command = {
  summary: "Create a user (idempotent on the email) and set their tier",
  help: `usage: npm run admin -- user:create --email <email> [--tier free|premium|enterprise] [--json]

Creates the user in Supabase Auth (when NEXT_PUBLIC_SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are
set) or in the local auth.users table, then sets the tier (default: free). When a user with that
email exists already, nothing changes: it is printed as it is (use user:tier to change its tier).`,
  options: { email: { type: "string" }, tier: { type: "string" } },
  async run(values) {
    const address = email(values);
    const wanted = tier(str(values, "tier")) ?? "free";
    const existing = (await findUser(address)) ?? (await adoptAuthUser(address));
    if (existing) {
      const warning =
        values.tier !== undefined && existing.tier !== wanted
          ? `${address} exists with tier ${existing.tier}, left unchanged; to change it: npm run admin -- user:tier --email ${address} --tier ${wanted}`
          : undefined;
      return {
        json: { created: false, user: existing },
        text: `exists   ${describeUser(existing)}`,
        warning,
      };
    }
    const id = await createAuthUser(address);
    const [user] = await query<User>(
      `update public.profiles set tier_id = $2, email = coalesce(email, $3) where id = $1
       returning ${USER_COLUMNS}`,
      [id, wanted, address],
    );
    if (!user) {
      throw new CliError(
        "profile_missing",
        `Auth user ${id} was created, but it has no profile in DATABASE_URL's database. Is DATABASE_URL the Supabase project's database, with the migrations applied?`,
      );
    }
    return { json: { created: true, user }, text: `created  ${describeUser(user)}` };
  },
};

// ---------------------------------------------------------------------------------------------
// user:tier
// ---------------------------------------------------------------------------------------------

const userTier: Command = {
  summary: "Change a user's tier and/or their limit overrides",
  help: `usage: npm run admin -- user:tier --email <email> [--tier free|premium|enterprise]
                            [--overrides '{"daily_quota":50000}'] [--json]

Sets the tier, the per-account overrides of the tier's limits, or both. --overrides replaces the
current overrides as a whole ('{}' clears them). Keys: daily_quota, rate_per_minute,
concurrent_jobs, queue_priority, allowed_models, max_size. Running processes pick the change up on
the user's next request.`,
  options: {
    email: { type: "string" },
    tier: { type: "string" },
    overrides: { type: "string" },
  },
  async run(values) {
    const address = email(values);
    const newTier = tier(str(values, "tier"));
    const rawOverrides = str(values, "overrides");
    if (newTier === undefined && rawOverrides === undefined) {
      throw usageError("give --tier, --overrides or both");
    }
    let overrides: Record<string, unknown> | undefined;
    if (rawOverrides !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawOverrides);
      } catch {
        throw usageError(`--overrides is not JSON: ${rawOverrides}`);
      }
      const checked = overridesSchema.strict().safeParse(parsed);
      if (!checked.success) {
        const problems = checked.error.issues.map((i) =>
          i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message,
        );
        throw usageError(`--overrides: ${problems.join("; ")}`);
      }
      overrides = checked.data;
    }
    const before = await userByEmail(address);
    const [after] = await query<User>(
      `update public.profiles set tier_id = coalesce($2, tier_id), overrides = coalesce($3, overrides)
       where id = $1 returning ${USER_COLUMNS}`,
      [before.id, newTier ?? null, overrides === undefined ? null : JSON.stringify(overrides)],
    );
    forgetTiers();
    const limits = await limitsFor(after!.tier, after!.overrides);
    return {
      json: { user: after, before: { tier: before.tier, overrides: before.overrides }, limits },
      text: [
        `updated  ${describeUser(after!)}`,
        `was      tier ${before.tier}, overrides ${JSON.stringify(before.overrides)}`,
        `limits   ${limits.dailyQuota}/day, ${limits.ratePerMinute}/min, ${limits.concurrentJobs} at once, ` +
          `models ${limits.allowedModels.join(", ")}, up to ${limits.maxSize} px, priority ${limits.queuePriority}`,
      ].join("\n"),
    };
  },
};

// ---------------------------------------------------------------------------------------------
// key:create, key:revoke, key:rotate-webhook-secret, key:list
// ---------------------------------------------------------------------------------------------

const keyCreate: Command = {
  summary: "Create an API key for an enterprise user (the key is printed once)",
  help: `usage: npm run admin -- key:create --email <email> [--name <label>]
                            [--expires 2027-01-01 | --expires-in 30d] [--force] [--json]

Prints the new key once: only its SHA-256 hash is stored, so it cannot be shown again. API keys are
an enterprise feature: for users on another tier the command refuses unless --force is given (the
key then works with that user's tier limits). --name defaults to "default". --expires takes a date
(midnight UTC) or an ISO time, --expires-in a number of hours, days or weeks (12h, 30d, 8w);
without either the key does not expire.`,
  options: {
    email: { type: "string" },
    name: { type: "string" },
    expires: { type: "string" },
    "expires-in": { type: "string" },
    force: { type: "boolean", default: false },
  },
  async run(values) {
    const address = email(values);
    const name = (str(values, "name") ?? "default").trim();
    if (name.length < 1 || name.length > 100) throw usageError("--name has 1 to 100 characters");
    if (!isStorableText(name)) throw usageError(`--name ${UNSTORABLE_TEXT_MESSAGE}`);
    const expires = str(values, "expires");
    const expiresIn = str(values, "expires-in");
    if (expires !== undefined && expiresIn !== undefined) {
      throw usageError("give --expires or --expires-in, not both");
    }
    const expiresAt =
      expires !== undefined
        ? parseExpires(expires)
        : expiresIn !== undefined
          ? parseExpiresIn(expiresIn)
          : null;
    if (expiresAt !== null && expiresAt.getTime() <= Date.now()) {
      throw usageError(`the expiry ${when(expiresAt)} is in the past`);
    }
    const owner = await userByEmail(address);
    if (owner.tier !== "enterprise" && values.force !== true) {
      throw new CliError(
        "not_enterprise",
        `${address} is on the ${owner.tier} tier; API keys are for enterprise users. Upgrade them first (npm run admin -- user:tier --email ${address} --tier enterprise) or pass --force.`,
      );
    }
    const created = await createApiKey({ ownerId: owner.id, name, expiresAt });
    return {
      json: {
        key: created.key,
        id: created.id,
        prefix: created.prefix,
        name: created.name,
        expiresAt: created.expiresAt,
        webhookSecret: created.webhookSecret,
        owner: { id: owner.id, email: owner.email, tier: owner.tier },
      },
      text: [
        `created API key "${created.name}" for ${address} (${owner.tier})`,
        `  id       ${created.id}`,
        `  prefix   ${created.prefix}`,
        `  expires  ${when(created.expiresAt)}`,
        "",
        created.key,
        "",
        "Copy the key now: it is shown only this once (only its hash is stored).",
        "Send it as: Authorization: Bearer <key>",
        "",
        `  webhook signing secret  ${created.webhookSecret}`,
        "Verify this key's webhooks with it (Standard Webhooks: new Webhook(secret).verify(body, headers)).",
      ].join("\n"),
    };
  },
};

const keyRevoke: Command = {
  summary: "Revoke an API key by id or prefix (for good)",
  help: `usage: npm run admin -- key:revoke (--id <uuid> | --prefix lk_live_abcd) [--json]

The key stops working at once and cannot be restored. Revoking a revoked key changes nothing.
A prefix that several keys share is refused: revoke by id (npm run admin -- key:list --email …).`,
  options: { id: { type: "string" }, prefix: { type: "string" } },
  async run(values) {
    const id = str(values, "id")?.trim();
    const prefix = str(values, "prefix")?.trim();
    if ((id === undefined) === (prefix === undefined)) throw usageError("give --id or --prefix");
    if (id !== undefined && !UUID.test(id))
      throw usageError(`--id: "${id}" is not a key id (uuid)`);
    if (prefix !== undefined && !/^lk_live_[0-9A-Za-z]{4}$/.test(prefix)) {
      throw usageError(`--prefix: "${prefix}" is not a key prefix (lk_live_ and 4 characters)`);
    }
    const result = await revokeApiKey((id ?? prefix)!);
    switch (result.status) {
      case "not_found":
        throw new CliError(
          "key_not_found",
          `No API key has the ${id ? "id" : "prefix"} ${id ?? prefix}.`,
        );
      case "ambiguous":
        throw new CliError(
          "ambiguous_prefix",
          `${result.matches.length} keys have the prefix ${prefix}; revoke one by --id:\n` +
            keyTable(result.matches),
        );
      default: {
        const [owner] = await query<{ email: string | null }>(
          "select email from public.profiles where id = $1",
          [result.key.ownerId],
        );
        const revokedAt = when(result.key.revokedAt);
        return {
          json: {
            status: result.status,
            key: keyJson(result.key),
            owner: { id: result.key.ownerId, email: owner?.email ?? null },
          },
          text:
            result.status === "revoked"
              ? `revoked  ${result.key.prefix} "${result.key.name}" of ${owner?.email ?? result.key.ownerId} (id ${result.key.id}) at ${revokedAt}`
              : `already revoked at ${revokedAt}: ${result.key.prefix} "${result.key.name}" (id ${result.key.id})`,
        };
      }
    }
  },
};

const keyRotateWebhookSecret: Command = {
  summary:
    "Give an API key a new webhook signing secret (printed once; the old one signs for 24 h more)",
  help: `usage: npm run admin -- key:rotate-webhook-secret --id <uuid> [--json]

Prints the new Standard Webhooks signing secret once. For the next ${PREVIOUS_SECRET_HOURS} hours every webhook of
the key is signed with both the new and the old secret (two v1 signatures in webhook-signature), so
the receiver can switch over; then with the new one only. Rotating again within those hours retires
the oldest secret at once. Key ids: npm run admin -- key:list --email …`,
  options: { id: { type: "string" } },
  async run(values) {
    const id = required(values, "id");
    if (!UUID.test(id)) throw usageError(`--id: "${id}" is not a key id (uuid)`);
    const rotated = await rotateSigningSecret(id);
    if (!rotated) throw new CliError("key_not_found", `No API key has the id ${id}.`);
    return {
      json: {
        id,
        webhookSecret: rotated.secret,
        previousSecretExpiresAt: rotated.previousValidUntil,
      },
      text: [
        `rotated the webhook signing secret of key ${id}`,
        "",
        rotated.secret,
        "",
        "Copy it now: it is shown only this once.",
        `Until ${when(rotated.previousValidUntil)} webhooks are signed with this and the previous secret; then with this one only.`,
      ].join("\n"),
    };
  },
};

const keyList: Command = {
  summary: "List a user's API keys (never the keys themselves)",
  help: `usage: npm run admin -- key:list --email <email> [--json]`,
  options: { email: { type: "string" } },
  async run(values) {
    const owner = await userByEmail(email(values));
    const keys = await listApiKeys(owner.id);
    return {
      json: {
        owner: { id: owner.id, email: owner.email, tier: owner.tier },
        keys: keys.map(keyJson),
      },
      text:
        `${owner.email} (${owner.tier}): ${keys.length} API key${keys.length === 1 ? "" : "s"}` +
        (keys.length ? `\n${keyTable(keys)}` : ""),
    };
  },
};

// ---------------------------------------------------------------------------------------------
// usage
// ---------------------------------------------------------------------------------------------

function parseDay(value: string | undefined): string {
  if (value === undefined) return utcDay();
  const date = new Date(`${value}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(date.getTime()) ||
    utcDay(date) !== value
  ) {
    throw usageError(`--day: "${value}" is not a date like 2026-11-22`);
  }
  return value;
}

function inWords(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

interface Charged {
  subject: string;
  label: string;
}

const usage: Command = {
  summary: "Show a user's or subject's generations charged on a UTC day, the limit and the reset",
  help: `usage: npm run admin -- usage (--email <email> | --subject user:<uuid>|key:<uuid>|anon:<id>)
                            [--day 2026-11-22] [--json]

Quotas are counted per subject and UTC day: a user's own requests (user:<id>) and each of their API
keys (key:<id>) have separate counters, each with the user's daily limit. --email shows them all.
--day defaults to today (UTC); the counters reset at the next midnight UTC.`,
  options: { email: { type: "string" }, subject: { type: "string" }, day: { type: "string" } },
  async run(values) {
    const day = parseDay(str(values, "day"));
    const subject = str(values, "subject")?.trim();
    if ((values.email === undefined) === (subject === undefined)) {
      throw usageError("give --email or --subject");
    }
    let who: string;
    let tierId: TierId;
    let overrides: unknown = {};
    let subjects: Charged[];
    if (subject === undefined) {
      const user = await userByEmail(email(values));
      who = `${user.email} (${user.tier})`;
      tierId = user.tier;
      overrides = user.overrides;
      const keys = await listApiKeys(user.id);
      subjects = [
        { subject: subjectFor.user(user.id), label: "signed-in requests" },
        ...keys.map((k) => ({
          subject: subjectFor.apiKey(k.id),
          label: `key ${k.prefix} "${k.name}"${k.status === "active" ? "" : ` (${k.status})`}`,
        })),
      ];
    } else {
      const match = /^(user|key):(.+)$/.exec(subject);
      if (match && UUID.test(match[2]!)) {
        const [owner] = await query<{ email: string | null; tier: TierId; overrides: unknown }>(
          match[1] === "user"
            ? "select email, tier_id as tier, overrides from public.profiles where id = $1"
            : `select p.email, p.tier_id as tier, p.overrides
               from public.api_keys k join public.profiles p on p.id = k.owner_id where k.id = $1`,
          [match[2]],
        );
        if (!owner) {
          throw new CliError(
            "subject_not_found",
            `No ${match[1] === "user" ? "user" : "API key"} has the id ${match[2]}.`,
          );
        }
        who = `${owner.email ?? "(no email)"} (${owner.tier})`;
        tierId = owner.tier;
        overrides = owner.overrides;
      } else if (/^anon:.+$/.test(subject)) {
        who = "anonymous visitor";
        tierId = "anonymous";
      } else {
        throw usageError(`--subject: "${subject}" is not user:<uuid>, key:<uuid> or anon:<id>`);
      }
      subjects = [{ subject, label: "" }];
    }
    const limit = (await limitsFor(tierId, overrides)).dailyQuota;
    const rows = await query<{ subject: string; count: number }>(
      "select subject, count from public.daily_usage where day = $1 and subject = any($2)",
      [day, subjects.map((s) => s.subject)],
    );
    const counts = new Map(rows.map((r) => [r.subject, r.count]));
    const entries = subjects.map((s) => {
      const count = counts.get(s.subject) ?? 0;
      return {
        subject: s.subject,
        label: s.label,
        count,
        limit,
        remaining: Math.max(0, limit - count),
      };
    });
    const resetsAt = quotaResetsAt(new Date(`${day}T00:00:00Z`));
    const left = resetsAt.getTime() - Date.now();
    const width = Math.max(...entries.map((e) => e.subject.length));
    return {
      json: { day, tier: tierId, limit, resetsAt, entries },
      text: [
        `usage of ${who} on ${day} (UTC)`,
        ...entries.map(
          (e) =>
            `  ${e.subject.padEnd(width)}  ${String(e.count).padStart(6)} / ${e.limit}  (${e.remaining} left)` +
            (e.label ? `  ${e.label}` : ""),
        ),
        `resets at ${when(resetsAt)}${left > 0 && left <= 86_400_000 ? ` (in ${inWords(left)})` : ""}`,
      ].join("\n"),
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

const COMMANDS: Record<string, Command> = {
  "user:create": userCreate,
  "user:tier": userTier,
  "key:create": keyCreate,
  "key:revoke": keyRevoke,
  "key:rotate-webhook-secret": keyRotateWebhookSecret,
  "key:list": keyList,
  usage,
};

function generalHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    "usage: npm run admin -- <command> [options] [--json]",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `npm run admin -- <command> --help` for a command's options. --json prints one JSON",
    'document (errors as {"error": {"code", "message"}} on stderr).',
    "Exit codes: 0 done, 1 refused or failed, 2 usage error.",
    "",
    "Example:",
    "  npm run admin -- user:create --email a@b.c --tier enterprise",
    "  npm run admin -- key:create --email a@b.c --name ci --expires-in 90d",
  ].join("\n");
}

function failure(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ApiKeyError) return new CliError(error.code, error.message);
  if (error instanceof EnvError) return new CliError("invalid_environment", error.message);
  if (
    (error instanceof ApiError && error.code === "service_unavailable") ||
    isConnectionError(error)
  ) {
    const cause = error instanceof ApiError && error.cause instanceof Error ? error.cause : error;
    return new CliError(
      "database_unavailable",
      `The database is unreachable (${(cause as Error).message}). Is DATABASE_URL right, or the local stack running (npm run stack -- up)?`,
    );
  }
  return new CliError("failed", error instanceof Error ? error.message : String(error));
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest.find((a) => !a.startsWith("-")) : undefined;
    const command = topic === undefined ? undefined : COMMANDS[topic];
    if (topic !== undefined && !command)
      return report(usageError(`unknown command "${topic}"`), json);
    if (name === undefined) {
      process.stderr.write(`${generalHelp()}\n`);
      return 2;
    }
    process.stdout.write(`${command ? command.help : generalHelp()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    return report(
      usageError(`unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(", ")}`),
      json,
    );
  }
  let values: Values;
  try {
    values = parseArgs({
      args: rest,
      options: {
        ...command.options,
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values as Values;
  } catch (error) {
    return report(usageError(`${(error as Error).message}\n\n${command.help}`), json);
  }
  if (values.help === true) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    const output = await command.run(values);
    if (output.warning) {
      process.stderr.write(
        `${json ? JSON.stringify({ warning: output.warning }) : `warning: ${output.warning}`}\n`,
      );
    }
    process.stdout.write(json ? `${JSON.stringify(output.json, null, 2)}\n` : `${output.text}\n`);
    return 0;
  } catch (error) {
    return report(failure(error), json);
  }
}

function report(error: CliError, json: boolean): number {
  process.stderr.write(
    json
      ? `${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`
      : `error: ${error.message}\n`,
  );
  return error.exitCode;
}

process.exitCode = await main(process.argv.slice(2)).finally(() =>
  closeDb().catch(() => undefined),
);
