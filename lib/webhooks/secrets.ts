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

/**
 * The signing secret of a key, made on first use for a key that has none (one created while this
 * table did not exist and missed the migration's backfill). One statement, so two deliveries racing
 * for the first secret of a key agree on it.
 */
export async function signingSecretFor(apiKeyId: string): Promise<string | null> {
  const rows = await query<{ secret: string }>(
    `with made as (
       insert into public.webhook_signing_secrets (api_key_id, secret)
       select id, $2 from public.api_keys where id = $1
       on conflict (api_key_id) do nothing
       returning secret
     )
     select secret from made
     union all
     select secret from public.webhook_signing_secrets where api_key_id = $1
     limit 1`,
    [apiKeyId, newSigningSecret()],
  );
  return rows[0]?.secret ?? null;
}
