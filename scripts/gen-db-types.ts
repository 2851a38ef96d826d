// npm run db:types: regenerate lib/db/database.types.ts from the migrated database (DATABASE_URL).
import { writeFileSync } from "node:fs";
import pg from "pg";
import { generateDatabaseTypes } from "@/lib/db/gen-types";
import { env } from "@/lib/env";

const client = new pg.Client({ connectionString: env().databaseUrl });
await client.connect();
try {
  writeFileSync("lib/db/database.types.ts", await generateDatabaseTypes(client));
  console.log("wrote lib/db/database.types.ts");
} finally {
  await client.end();
}
