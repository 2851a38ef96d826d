// API keys of enterprise accounts. The full key is shown once, at creation; the database keeps only
// its SHA-256 hash (api_keys.key_hash, a unique index) and a short prefix the owner recognises it by.
//
// No `import "server-only"` here: the admin CLI (scripts/admin/) runs this module in plain Node,
// where that package throws. The modules that call it from the web app guard the client bundle.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { crc32 } from "node:zlib";
import { type Queryable, query, transaction } from "@/lib/db";
import type { PgRow } from "@/lib/db/database.types";
import { newSigningSecret } from "@/lib/webhooks/secrets";
import { limitsFor } from "./tiers";
import { TIER_IDS, type TierId } from "./types";
import { logger } from "@/lib/observability/log";

const log = logger("api-keys");

export const API_KEY_PREFIX = "lk_live_";
/** Random characters after the prefix: 43 base62 characters carry 256 bits (43 × log2 62 ≈ 256.03). */
const SECRET_LENGTH = 43;
/**
 * Then the CRC32 of those characters in 6 base62 characters (62^6 > 2^32), as GitHub's tokens carry
 * one: a mistyped, truncated or made-up key is refused without a database lookup.
 */
const CHECKSUM_LENGTH = 6;
/** How many leading characters of a key are stored and shown: `lk_live_` and four of the secret. */
export const DISPLAY_PREFIX_LENGTH = 12;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_PATTERN = new RegExp(
  `^${API_KEY_PREFIX}([0-9A-Za-z]{${SECRET_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`,
);
/** Keys made before the checksum: the 43 random characters alone. They keep working. */
const LEGACY_KEY_PATTERN = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${SECRET_LENGTH}}$`);
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** last_used_at is written at most this often per key, so verifying is not a write per request. */
const LAST_USED_RESOLUTION_SECONDS = 60;

export interface GeneratedApiKey {
  /** The full key: give it to the owner once, never store or log it. */
  key: string;
  /** Its first DISPLAY_PREFIX_LENGTH characters, safe to store and show. */
  prefix: string;
  /** Hex SHA-256 of the key: what the database stores and looks keys up by. */
  hash: string;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** CRC32 of the random part, as 6 base62 characters (most significant first, zero-padded). */
export function apiKeyChecksum(secret: string): string {
  let value = crc32(secret);
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62]! + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/**
 * What a presented string is: a key with a valid checksum, a key of the older shape without one
 * (looked up as before), or something that cannot be a key at all (refused without a lookup).
 */
export type ApiKeyShape = "checksummed" | "legacy" | "malformed";

export function apiKeyShape(key: string): ApiKeyShape {
  const match = KEY_PATTERN.exec(key);
  if (match) return apiKeyChecksum(match[1]!) === match[2] ? "checksummed" : "malformed";
  return LEGACY_KEY_PATTERN.test(key) ? "legacy" : "malformed";
}

/** True when `key` has the shape of a Likeness key (it may still be unknown, revoked or expired). */
export function isWellFormedApiKey(key: string): boolean {
  return apiKeyShape(key) !== "malformed";
}

/** A new random key. Base62 so that a double-click selects all of it; rejection sampling keeps it unbiased. */
export function generateApiKey(): GeneratedApiKey {
  let secret = "";
  while (secret.length < SECRET_LENGTH) {
    for (const byte of randomBytes(64)) {
      // 248 = 4 × 62: bytes at or above it would favour the first eight characters.
      if (byte < 248) secret += BASE62[byte % 62];
      if (secret.length === SECRET_LENGTH) break;
    }
  }
  const key = API_KEY_PREFIX + secret + apiKeyChecksum(secret);
  return { key, prefix: key.slice(0, DISPLAY_PREFIX_LENGTH), hash: hashApiKey(key) };
}

export type ApiKeyStatus = "active" | "revoked" | "expired";

/** A key as its owner may see it: never the key itself, nor its hash. */
export interface ApiKeyInfo {
  id: string;
  ownerId: string;
  name: string;
  prefix: string;
  status: ApiKeyStatus;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
  /** Generations per UTC day through this key, below the account's quota; null: no own limit. */
  dailyLimit: number | null;
}

type ApiKeyRow = Omit<PgRow<"api_keys">, "key_hash"> & { expired: boolean };

/** The columns toInfo reads, of the api_keys row aliased `k`. */
const INFO_COLUMNS = `k.id, k.owner_id, k.name, k.prefix, k.created_at, k.last_used_at, k.revoked_at,
  k.expires_at, k.daily_limit, (k.expires_at is not null and k.expires_at <= now()) as expired`;

function toInfo(row: ApiKeyRow): ApiKeyInfo {
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    prefix: row.prefix,
    status: row.revoked_at ? "revoked" : row.expired ? "expired" : "active",
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
    dailyLimit: row.daily_limit,
  };
}

/**
 * A request the key functions refuse (unknown owner, bad name, expiry in the past, a daily limit
 * that is not a positive whole number, or an account already holding its tier's number of live keys).
 */
export class ApiKeyError extends Error {
  constructor(
    readonly code:
      | "owner_not_found"
      | "invalid_name"
      | "invalid_expiry"
      | "invalid_daily_limit"
      | "too_many_keys",
    message: string,
    /** For too_many_keys: the cap the account is at. */
    readonly maxLiveKeys?: number,
  ) {
    super(message);
    this.name = "ApiKeyError";
  }
}

export interface CreatedApiKey {
  /** The full key. Returned this once; only its hash is stored. */
  key: string;
  id: string;
  prefix: string;
  name: string;
  expiresAt: Date | null;
  dailyLimit: number | null;
  /** The key's Standard Webhooks signing secret (whsec_…), to verify its webhooks with. */
  webhookSecret: string;
}

/**
 * A new key for the owner. An account holds at most its tier's `max_api_keys` live keys (revoked
 * and expired ones do not count); `ignoreKeyCap` is the admin CLI's --force. The owner's profile row
 * is locked while the keys are counted, so two concurrent creations cannot both take the last place.
 */
export async function createApiKey(input: {
  ownerId: string;
  name: string;
  expiresAt?: Date | null;
  dailyLimit?: number | null;
  ignoreKeyCap?: boolean;
}): Promise<CreatedApiKey> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) {
    throw new ApiKeyError("invalid_name", "A key name has 1 to 100 characters.");
  }
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt !== null && !(expiresAt.getTime() > Date.now())) {
    throw new ApiKeyError("invalid_expiry", "The expiry must be a valid time in the future.");
  }
  const dailyLimit = input.dailyLimit ?? null;
  if (dailyLimit !== null && !(Number.isInteger(dailyLimit) && dailyLimit >= 1)) {
    throw new ApiKeyError("invalid_daily_limit", "A key's daily limit is a whole number from 1.");
  }
  if (!UUID_PATTERN.test(input.ownerId)) {
    throw new ApiKeyError("owner_not_found", `No account has the id ${input.ownerId}.`);
  }
  const generated = generateApiKey();
  const webhookSecret = newSigningSecret();
  return transaction(async (run) => {
    const [owner] = await run<Pick<PgRow<"profiles">, "tier_id" | "overrides">>(
      "select tier_id, overrides from public.profiles where id = $1 for update",
      [input.ownerId],
    );
    if (!owner) throw new ApiKeyError("owner_not_found", `No account has the id ${input.ownerId}.`);
    if (!input.ignoreKeyCap) await assertKeyPlaceLeft(run, input.ownerId, owner);
    // The key and its webhook signing secret in one statement: no key ever exists without one.
    const [row] = await run<{ id: string; expires_at: Date | null }>(
      `with key as (
         insert into public.api_keys (owner_id, name, prefix, key_hash, expires_at, daily_limit)
         values ($1, $2, $3, $4, $5, $7) returning id, expires_at
       ), secret as (
         insert into public.webhook_signing_secrets (api_key_id, secret) select id, $6 from key
       )
       select id, expires_at from key`,
      [input.ownerId, name, generated.prefix, generated.hash, expiresAt, webhookSecret, dailyLimit],
    );
    return {
      key: generated.key,
      id: row!.id,
      prefix: generated.prefix,
      name,
      expiresAt: row!.expires_at,
      dailyLimit,
      webhookSecret,
    };
  });
}

async function assertKeyPlaceLeft(
  run: Queryable,
  ownerId: string,
  owner: Pick<PgRow<"profiles">, "tier_id" | "overrides">,
): Promise<void> {
  if (!(TIER_IDS as readonly string[]).includes(owner.tier_id)) {
    throw new Error(`profile ${ownerId} has unknown tier "${owner.tier_id}"`);
  }
  const cap = (await limitsFor(owner.tier_id as TierId, owner.overrides)).maxApiKeys;
  const [live] = await run<{ count: number }>(
    `select count(*)::int as count from public.api_keys
     where owner_id = $1 and revoked_at is null and (expires_at is null or expires_at > now())`,
    [ownerId],
  );
  if (live!.count >= cap) {
    throw new ApiKeyError(
      "too_many_keys",
      cap === 0
        ? "This account's tier includes no API keys."
        : `This account already has ${live!.count} live API keys, its tier's maximum of ${cap}. Revoke one (or let one expire) to create another.`,
      cap,
    );
  }
}

/** The owner's keys, newest first, without hashes. */
export async function listApiKeys(ownerId: string): Promise<ApiKeyInfo[]> {
  if (!UUID_PATTERN.test(ownerId)) return [];
  const rows = await query<ApiKeyRow>(
    `select ${INFO_COLUMNS} from public.api_keys k where k.owner_id = $1 order by k.created_at desc, k.id`,
    [ownerId],
  );
  return rows.map(toInfo);
}

export type RevokeResult =
  | { status: "revoked"; key: ApiKeyInfo }
  /** It was revoked before; its original revocation time is kept. */
  | { status: "already_revoked"; key: ApiKeyInfo }
  | { status: "not_found" }
  /** Several keys share that display prefix: revoke by id instead. */
  | { status: "ambiguous"; matches: ApiKeyInfo[] };

/**
 * Revokes one key, named by its id or its display prefix (`lk_live_abcd`). With `ownerId`, only that
 * owner's keys are considered, so a user-facing caller cannot reach anyone else's. Revoking twice
 * is harmless.
 */
export async function revokeApiKey(idOrPrefix: string, ownerId?: string): Promise<RevokeResult> {
  const byId = UUID_PATTERN.test(idOrPrefix);
  if (!byId && !idOrPrefix.startsWith(API_KEY_PREFIX)) return { status: "not_found" };
  if (ownerId !== undefined && !UUID_PATTERN.test(ownerId)) return { status: "not_found" };
  const matches = await query<ApiKeyRow>(
    `select ${INFO_COLUMNS} from public.api_keys k
     where ${byId ? "k.id = $1::uuid" : "k.prefix = $1"} and ($2::uuid is null or k.owner_id = $2::uuid)
     order by k.created_at`,
    [idOrPrefix, ownerId ?? null],
  );
  if (matches.length === 0) return { status: "not_found" };
  if (matches.length > 1) return { status: "ambiguous", matches: matches.map(toInfo) };
  // The CTE reads the row as it was before this statement, so was_revoked tells the two cases apart.
  const [row] = await query<ApiKeyRow & { was_revoked: boolean }>(
    `with target as (
       select id, revoked_at is not null as was_revoked from public.api_keys where id = $1 for update
     )
     update public.api_keys k set revoked_at = coalesce(k.revoked_at, now())
     from target where k.id = target.id
     returning ${INFO_COLUMNS}, target.was_revoked`,
    [matches[0]!.id],
  );
  if (!row) return { status: "not_found" };
  return { status: row.was_revoked ? "already_revoked" : "revoked", key: toInfo(row) };
}

export type VerifyResult =
  | {
      ok: true;
      key: { id: string; ownerId: string; name: string; dailyLimit: number | null };
      owner: { tier: TierId; email: string | null; overrides: unknown };
    }
  | {
      ok: false;
      code: "key_invalid" | "key_revoked" | "key_expired";
      /** False when the key was refused by its shape or checksum alone, without a lookup. */
      lookedUp: boolean;
    };

type VerifyRow = Pick<PgRow<"api_keys">, "id" | "owner_id" | "name" | "key_hash" | "daily_limit"> &
  Pick<PgRow<"profiles">, "tier_id" | "email" | "overrides"> & {
    revoked: boolean;
    expired: boolean;
    stale: boolean;
  };

/**
 * Checks a presented key. A malformed key, or one whose checksum does not match, is refused without
 * touching the database; otherwise the key (with a checksum, or of the older shape without one) is
 * looked up by its hash (the unique index), so the key itself is never compared. Revoked and
 * expired keys get their own codes so their owners know what to do. A successful check records
 * `last_used_at`, at most once a minute per key.
 */
export async function verifyApiKey(key: string): Promise<VerifyResult> {
  if (typeof key !== "string" || !isWellFormedApiKey(key)) {
    return { ok: false, code: "key_invalid", lookedUp: false };
  }
  const hash = hashApiKey(key);
  const [row] = await query<VerifyRow>(
    `select k.id, k.owner_id, k.name, k.key_hash, k.daily_limit,
            k.revoked_at is not null as revoked,
            (k.expires_at is not null and k.expires_at <= now()) as expired,
            (k.last_used_at is null
               or k.last_used_at < now() - make_interval(secs => $2)) as stale,
            p.tier_id, p.email, p.overrides
     from public.api_keys k join public.profiles p on p.id = k.owner_id
     where k.key_hash = $1`,
    [hash, LAST_USED_RESOLUTION_SECONDS],
  );
  // The index already matched the hashes; the constant-time comparison is defence in depth.
  if (!row || !sameHash(row.key_hash, hash)) {
    return { ok: false, code: "key_invalid", lookedUp: true };
  }
  if (row.revoked) return { ok: false, code: "key_revoked", lookedUp: true };
  if (row.expired) return { ok: false, code: "key_expired", lookedUp: true };
  if (!(TIER_IDS as readonly string[]).includes(row.tier_id)) {
    throw new Error(`profile ${row.owner_id} has unknown tier "${row.tier_id}"`);
  }
  if (row.stale) await touch(row.id);
  return {
    ok: true,
    key: { id: row.id, ownerId: row.owner_id, name: row.name, dailyLimit: row.daily_limit },
    owner: { tier: row.tier_id as TierId, email: row.email, overrides: row.overrides },
  };
}

function sameHash(stored: string, computed: string): boolean {
  const a = Buffer.from(stored, "hex");
  const b = Buffer.from(computed, "hex");
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** Records the use. A failure here must not turn a valid key away, so it is only logged. */
async function touch(id: string): Promise<void> {
  try {
    // The condition again, so concurrent first requests of a minute write once between them.
    await query(
      `update public.api_keys set last_used_at = now()
       where id = $1 and (last_used_at is null or last_used_at < now() - make_interval(secs => $2))`,
      [id, LAST_USED_RESOLUTION_SECONDS],
    );
  } catch (error) {
    log.warn({ apiKeyId: id, err: (error as Error).message }, "could not record last_used_at");
  }
}
