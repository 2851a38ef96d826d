import { Redis } from "ioredis";
import pg from "pg";
import { closeDb } from "../lib/db";
import { migrate } from "../lib/db/migrate";
import { env } from "../lib/env";
import { seedGallery } from "../lib/gallery/seed";
import { CLOUD } from "../playwright.config";
import { ensureServices, stackContext } from "../scripts/stack/index";

/** 5 avatars per style: more than the gallery's first page (48), so infinite scroll has work to do. */
export const E2E_GALLERY_SIZE = 60;

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/**
 * Seeds the e2e database from scratch. Refuses anything but a local database: these tests truncate
 * tables, and must never be pointed at a real Supabase project by a stray DATABASE_URL.
 */
export default async function globalSetup(): Promise<void> {
  process.env.LIKENESS_PROFILE = "test";
  const { hostname } = new URL(env().databaseUrl);
  if (!LOOPBACK.has(hostname)) {
    throw new Error(
      `e2e tests only run against a local database; DATABASE_URL points at ${hostname}`,
    );
  }
  await ensureServices(["pg", "redis", "s3"], stackContext());

  const client = new pg.Client({ connectionString: env().databaseUrl });
  await client.connect();
  await migrate(client, process.cwd(), () => undefined);
  await client.query("truncate public.gallery_avatars restart identity");
  // cascade: generation_requests (who asked for each generation) goes with them.
  await client.query("truncate public.generations cascade");
  // Today's quota counts too: an earlier run the same day must not have spent this run's allowance
  // (the shared cookieless pool's, above all).
  await client.query("truncate public.daily_usage");
  await client.end();

  // An empty queue too: jobs left from an earlier run would make this run's requests look in flight.
  // Both instances' Redis databases: the local-generator app's and the simulator-backed one's.
  for (const url of [env().redisUrl, CLOUD.redisUrl]) {
    const redis = new Redis(url);
    await redis.flushdb();
    redis.disconnect();
  }

  await seedGallery({ count: E2E_GALLERY_SIZE });
  await closeDb();
}
