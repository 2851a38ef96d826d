// npm run migrate: apply supabase/migrations to DATABASE_URL (default: the local PostgreSQL).
import pg from "pg";
import { migrate } from "@/lib/db/migrate";
import { env } from "@/lib/env";

async function main(): Promise<void> {
  const client = new pg.Client({ connectionString: env().databaseUrl });
  await client.connect();
  try {
    const applied = await migrate(client, process.cwd(), (line) => console.log(line));
    console.log(
      applied.length === 0 ? "migrations: up to date" : `migrations: applied ${applied.length}`,
    );
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
