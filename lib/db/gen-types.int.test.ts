import { readFileSync } from "node:fs";
import { format, resolveConfig } from "prettier";
import { afterAll, expect, it } from "vitest";
import { closeDb, db } from "@/lib/db";
import { generateDatabaseTypes } from "./gen-types";

afterAll(closeDb);

it("lib/db/database.types.ts matches the migrated schema (run `npm run db:types` after a migration)", async () => {
  const file = "lib/db/database.types.ts";
  const client = await db().connect();
  try {
    const generated = await format(await generateDatabaseTypes(client), {
      ...(await resolveConfig(file)),
      filepath: file,
    });
    expect(generated).toBe(readFileSync(file, "utf8"));
  } finally {
    client.release();
  }
});
