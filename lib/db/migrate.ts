import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { logger } from "@/lib/observability/log";
import type pg from "pg";

const MIGRATION_FILE = /^(\d{14})_([a-z0-9_]+)\.sql$/;
// Any constant works: it only has to be the same for every migrating process.
const MIGRATION_LOCK = 7_356_211;

export interface MigrationFile {
  version: string;
  name: string;
  file: string;
}

export async function listMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".sql")).sort();
  return names.map((file) => {
    const match = MIGRATION_FILE.exec(file);
    if (!match) throw new Error(`Migration ${file} is not named <14-digit timestamp>_<name>.sql`);
    return { version: match[1]!, name: match[2]!, file: path.join(dir, file) };
  });
}

/**
 * Applies pending migrations in order, each in its own transaction, and records them in the same
 * table the Supabase CLI uses (supabase_migrations.schema_migrations), so `supabase db push` and
 * this command agree on what is applied. An advisory lock lets several processes start at once.
 */
export async function migrate(
  client: pg.ClientBase,
  root: string,
  log: (line: string) => void = (line) => logger("migrate").info(line),
): Promise<string[]> {
  await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
  try {
    await client.query(
      await readFile(path.join(root, "supabase/local/auth-bootstrap.sql"), "utf8"),
    );
    await client.query(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key, statements text[], name text
      );`);
    const applied = new Set(
      (
        await client.query<{ version: string }>(
          "select version from supabase_migrations.schema_migrations",
        )
      ).rows.map((r) => r.version),
    );
    const done: string[] = [];
    for (const m of await listMigrations(path.join(root, "supabase/migrations"))) {
      if (applied.has(m.version)) continue;
      const sql = await readFile(m.file, "utf8");
      await client.query("begin");
      try {
        await client.query(sql);
        await client.query(
          "insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, array[$3])",
          [m.version, m.name, sql],
        );
        await client.query("commit");
      } catch (error) {
        await client.query("rollback");
        throw new Error(`Migration ${path.basename(m.file)} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      log(`applied ${path.basename(m.file)}`);
      done.push(m.version);
    }
    return done;
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
  }
}
