// npm run db:types: regenerate lib/db/database.types.ts from the migrated database (DATABASE_URL),
// formatted as the repository formats it (the drift test compares the formatted text).
import { writeFileSync } from "node:fs";
import pg from "pg";
import { format, resolveConfig } from "prettier";
import { generateDatabaseTypes } from "@/lib/db/gen-types";
import { env } from "@/lib/env";

const FILE = "lib/db/database.types.ts";
const client = new pg.Client({ connectionString: env().databaseUrl });
await client.connect();
try {
  const text = await format(await generateDatabaseTypes(client), {
    ...(await resolveConfig(FILE)),
    filepath: FILE,
  });
  writeFileSync(FILE, text);
  console.log(`wrote ${FILE}`);
} finally {
  await client.end();
}
