// Accounts as operators manage them (the admin CLI): lookups by email, id or API key, and changes of
// tier, limit overrides and the admin flag. No `import "server-only"`: the CLI runs this in plain
// Node, where that package throws.
import { TIER_IDS, type TierId } from "@/lib/auth/types";
import { query } from "@/lib/db";
import type { PgRow, Tables } from "@/lib/db/database.types";

type ProfileRow = PgRow<"profiles">;

export interface Account {
  id: string;
  email: string | null;
  tier: TierId;
  /** profiles.overrides as stored (limitsFor ignores keys it does not know). */
  overrides: Record<string, unknown>;
  isAdmin: boolean;
  createdAt: Date;
}

const COLUMNS = "p.id, p.email, p.tier_id, p.overrides, p.is_admin, p.created_at";

function toAccount(row: ProfileRow): Account {
  if (!(TIER_IDS as readonly string[]).includes(row.tier_id)) {
    throw new Error(`profile ${row.id} has unknown tier "${row.tier_id}"`);
  }
  return {
    id: row.id,
    email: row.email,
    tier: row.tier_id as TierId,
    overrides: (row.overrides ?? {}) as Record<string, unknown>,
    isAdmin: row.is_admin,
    createdAt: row.created_at,
  };
}

async function one(sql: string, params: unknown[]): Promise<Account | undefined> {
  const [row] = await query<ProfileRow>(sql, params);
  return row && toAccount(row);
}

/** Emails are unique regardless of case (profiles_email), so this finds at most one. */
export function findAccountByEmail(email: string): Promise<Account | undefined> {
  return one(`select ${COLUMNS} from public.profiles p where lower(p.email) = lower($1)`, [email]);
}

export function findAccountById(id: string): Promise<Account | undefined> {
  return one(`select ${COLUMNS} from public.profiles p where p.id = $1`, [id]);
}

/** The owner of an API key, whatever the key's state. */
export function findAccountByApiKey(keyId: string): Promise<Account | undefined> {
  return one(
    `select ${COLUMNS} from public.api_keys k join public.profiles p on p.id = k.owner_id
     where k.id = $1`,
    [keyId],
  );
}

/**
 * Gives a new account its tier, and its email if the sign-up trigger did not copy one. Undefined
 * when the profile does not exist (the database is not the one the auth user was made in).
 */
export function initAccount(id: string, email: string, tier: TierId): Promise<Account | undefined> {
  return one(
    `update public.profiles p set tier_id = $2, email = coalesce(p.email, $3) where p.id = $1
     returning ${COLUMNS}`,
    [id, tier, email],
  );
}

export interface AccountChange {
  before: Account;
  after: Account;
}

/**
 * Sets the tier and/or replaces the limit overrides (undefined leaves either as it is), in one
 * statement that also returns the account as it was. Undefined when no account has that id.
 */
export async function updateAccountLimits(
  id: string,
  change: { tier?: TierId; overrides?: Record<string, unknown> },
): Promise<AccountChange | undefined> {
  return changeAccount(
    id,
    "tier_id = coalesce($2, p.tier_id), overrides = coalesce($3, p.overrides)",
    [change.tier ?? null, change.overrides === undefined ? null : JSON.stringify(change.overrides)],
  );
}

/** Grants or revokes admin; setting the flag it already has changes nothing. */
export function setAdmin(id: string, isAdmin: boolean): Promise<AccountChange | undefined> {
  return changeAccount(id, "is_admin = $2", [isAdmin]);
}

async function changeAccount(
  id: string,
  assignments: string,
  params: unknown[],
): Promise<AccountChange | undefined> {
  // The CTE reads the row as it was before this statement, locked, so `before` is exact. As JSON
  // its timestamp is a string, but created_at never changes.
  const [row] = await query<ProfileRow & { prior: Tables<"profiles"> }>(
    `with prior as (select * from public.profiles where id = $1 for update)
     update public.profiles p set ${assignments} from prior where p.id = prior.id
     returning ${COLUMNS}, to_jsonb(prior) as prior`,
    [id, ...params],
  );
  if (!row) return undefined;
  return {
    before: toAccount({ ...row.prior, created_at: row.created_at }),
    after: toAccount(row),
  };
}

/**
 * A user who signed up before profiles had an email: copy it from auth.users, so the account is
 * found by email from now on. Undefined when no auth user has that email.
 */
export async function adoptAuthUser(email: string): Promise<Account | undefined> {
  const [auth] = await query<{ id: string; email: string }>(
    "select id, email from auth.users where lower(email) = lower($1) limit 1",
    [email],
  );
  if (!auth) return undefined;
  await query(
    `insert into public.profiles (id, email) values ($1, $2)
     on conflict (id) do update set email = excluded.email where public.profiles.email is null`,
    [auth.id, auth.email],
  );
  return findAccountByEmail(email);
}
