// Standard Webhooks signing secrets, one per API key (webhook_signing_secrets). Shown to the key's
// owner once, with the key; the worker reads it to sign each delivery.
//
// No `import "server-only"`: the admin CLI creates keys (and their secrets) in plain Node.
import { randomBytes } from "node:crypto";
import { query } from "@/lib/db";

export const SECRET_PREFIX = "whsec_";

/** 32 random bytes, base64, with the whsec_ prefix every Standard Webhooks library accepts. */
export function newSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64");
}

/** How long a rotated-out secret keeps signing beside the new one. */
export const PREVIOUS_SECRET_HOURS = 24;

/**
 * The secrets a key's deliveries are signed with now: its current one first, then, for
 * PREVIOUS_SECRET_HOURS after a rotation, the one it replaced (a receiver may verify with either).
 * The secret is made on first use for a key that has none (one created while this table did not
 * exist and missed the migration's backfill); one statement, so two deliveries racing for the first
 * secret of a key agree on it. Null when the key does not exist.
 */
export async function signingSecretsFor(apiKeyId: string): Promise<string[] | null> {
  const rows = await query<{ secret: string; previous: string | null }>(
    `with made as (
       insert into public.webhook_signing_secrets (api_key_id, secret)
       select id, $2 from public.api_keys where id = $1
       on conflict (api_key_id) do nothing
       returning secret, null::text as previous
     )
     select secret, previous from made
     union all
     select secret, case when previous_expires_at > now() then previous_secret end
     from public.webhook_signing_secrets where api_key_id = $1
     limit 1`,
    [apiKeyId, newSigningSecret()],
  );
  const row = rows[0];
  if (!row) return null;
  return row.previous ? [row.secret, row.previous] : [row.secret];
}

export interface RotatedSecret {
  /** The new secret, shown this once. */
  secret: string;
  /** Until when the replaced secret still signs, beside the new one. */
  previousValidUntil: Date;
}

/**
 * Gives a key a new signing secret; the current one becomes the previous one, signing beside it
 * for PREVIOUS_SECRET_HOURS (a second rotation within them retires the oldest at once). With
 * `ownerId`, only that owner's key is touched: someone else's is null, as a missing one is.
 */
export async function rotateSigningSecret(
  apiKeyId: string,
  ownerId?: string,
): Promise<RotatedSecret | null> {
  // A key made before this table existed gets its first secret now, so it has one to rotate out.
  if ((await signingSecretsFor(apiKeyId)) === null) return null;
  const rows = await query<{ secret: string; previous_expires_at: Date }>(
    `update public.webhook_signing_secrets s
     set previous_secret = s.secret, secret = $3, rotated_at = now(),
         previous_expires_at = now() + make_interval(hours => $4)
     from public.api_keys k
     where s.api_key_id = k.id and k.id = $1 and ($2::uuid is null or k.owner_id = $2::uuid)
     returning s.secret, s.previous_expires_at`,
    [apiKeyId, ownerId ?? null, newSigningSecret(), PREVIOUS_SECRET_HOURS],
  );
  const row = rows[0];
  return row ? { secret: row.secret, previousValidUntil: row.previous_expires_at } : null;
}
