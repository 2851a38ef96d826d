import { localS3Endpoint, localStack } from "../../lib/local-stack.ts";

/**
 * Integration tests use the `test` stack's servers but their own database, bucket and Redis db, so
 * they can wipe them freely without touching the data the e2e tests seed.
 */
export const INTEGRATION_DATABASE = "likeness_it";
export const INTEGRATION_BUCKET = "likeness-it";

export function integrationEnv(): Record<string, string> {
  const stack = localStack({ ...process.env, LIKENESS_PROFILE: "test" });
  return {
    LIKENESS_PROFILE: "test",
    NODE_ENV: "test",
    DATABASE_URL: `postgres://${stack.pg.user}@127.0.0.1:${stack.pg.port}/${INTEGRATION_DATABASE}`,
    REDIS_URL: `redis://127.0.0.1:${stack.redis.port}/1`,
    S3_ENDPOINT: localS3Endpoint(stack),
    S3_REGION: stack.s3.region,
    S3_BUCKET: INTEGRATION_BUCKET,
    S3_ACCESS_KEY_ID: stack.s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: stack.s3.secretAccessKey,
  };
}
