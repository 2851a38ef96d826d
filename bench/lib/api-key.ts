import { randomUUID } from "node:crypto";
import pg from "pg";
import { generateApiKey } from "../../lib/auth/api-keys";

/**
 * A fresh enterprise account and API key in the database at `databaseUrl`, for benchmarks that call
 * the API the way an integrator does (an anonymous client without cookies shares one small allowance).
 */
export async function enterpriseApiKey(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const generated = generateApiKey();
    const { rows } = await client.query<{ id: string }>(
      "insert into auth.users (email) values ($1) returning id",
      [`bench-${randomUUID().slice(0, 8)}@bench.test`],
    );
    const owner = rows[0]!.id;
    // Limits high enough that the benchmark measures the pipeline, not the tier.
    await client.query(
      `update public.profiles set tier_id = 'enterprise',
         overrides = '{"daily_quota": 1000000, "rate_per_minute": 1000000, "concurrent_jobs": 1000}'
       where id = $1`,
      [owner],
    );
    await client.query(
      "insert into public.api_keys (owner_id, name, prefix, key_hash) values ($1, 'bench', $2, $3)",
      [owner, generated.prefix, generated.hash],
    );
    return generated.key;
  } finally {
    await client.end();
  }
}
