import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
} from "@aws-sdk/client-s3";
import { Redis } from "ioredis";
import pg from "pg";
import { migrate } from "../../lib/db/migrate";
import { parseEnv } from "../../lib/env";
import { createS3Client } from "../../lib/storage/client";
import { ensureServices, stackContext } from "../../scripts/stack/index";
import { INTEGRATION_DATABASE, integrationEnv } from "./env";

/**
 * Brings up the test stack (a no-op when scripts/test.sh already did) and gives the integration tests
 * a fresh database, an empty bucket and an empty Redis db, so every run starts from the same state.
 */
export default async function setup(): Promise<void> {
  // The servers themselves, not the integration overrides: those name a database and bucket inside them.
  const {
    DATABASE_URL: _db,
    REDIS_URL: _redis,
    S3_ENDPOINT: _s3,
    R2_ACCOUNT_ID: _r2,
    ...base
  } = process.env;
  await ensureServices(["pg", "redis", "s3"], stackContext({ ...base, LIKENESS_PROFILE: "test" }));

  const env = parseEnv(integrationEnv());
  const admin = new pg.Client({
    connectionString: env.databaseUrl.replace(/\/[^/]+$/, "/postgres"),
  });
  await admin.connect();
  await admin.query(`drop database if exists ${INTEGRATION_DATABASE} with (force)`);
  await admin.query(`create database ${INTEGRATION_DATABASE}`);
  await admin.end();

  const client = new pg.Client({ connectionString: env.databaseUrl });
  await client.connect();
  await migrate(client, process.cwd(), () => undefined);
  await client.end();

  const s3 = createS3Client(env.storage);
  await s3.send(new CreateBucketCommand({ Bucket: env.storage.bucket })).catch((error: Error) => {
    if (!/BucketAlready/.test(error.name)) throw error;
  });
  for (;;) {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: env.storage.bucket }));
    const keys = (listed.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
    if (keys.length === 0) break;
    await s3.send(
      new DeleteObjectsCommand({ Bucket: env.storage.bucket, Delete: { Objects: keys } }),
    );
  }
  s3.destroy();

  const redis = new Redis(env.redisUrl);
  await redis.flushdb();
  redis.disconnect();
}
