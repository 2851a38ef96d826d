import crypto from "node:crypto";
import { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import { localS3Endpoint } from "../../lib/local-stack";
import { StackError, type StackContext } from "./context";

/**
 * The S3 emulator's side of the stack: s3rver 3.7.1 (run by pm2) only ever used through the real
 * @aws-sdk/client-s3, so the code path is the one R2 sees in production.
 */

/**
 * An SDK client for the emulator: the app's own factory (lib/storage/client.ts, with the checksum
 * settings s3rver needs), loaded lazily so `status` and `down` do not pay for the SDK.
 */
export async function createLocalS3Client(ctx: StackContext): Promise<S3Client> {
  const { createS3Client } = await import("../../lib/storage/client");
  const { accessKeyId, secretAccessKey, region, bucket } = ctx.stack.s3;
  return createS3Client({
    kind: "local",
    endpoint: localS3Endpoint(ctx.stack),
    region,
    bucket,
    accessKeyId,
    secretAccessKey,
    publicUrl: undefined,
  });
}

/**
 * Creates the bucket if missing, then proves the emulator stores exactly what it is sent: a streamed
 * PutObject (the case that used to corrupt silently) read back with GetObject and compared byte for byte.
 */
export async function ensureBucketAndVerify(ctx: StackContext): Promise<void> {
  const sdk = await import("@aws-sdk/client-s3");
  const client = await createLocalS3Client(ctx);
  const Bucket = ctx.stack.s3.bucket;
  try {
    await client.send(new sdk.CreateBucketCommand({ Bucket })).catch((err: Error) => {
      if (err.name !== "BucketAlreadyOwnedByYou" && err.name !== "BucketAlreadyExists") throw err;
    });
    const body = crypto.randomBytes(4096 + crypto.randomInt(1024));
    const Key = `_stack-check/${ctx.stack.profile}-${process.pid}-${Date.now()}`;
    const chunks = [body.subarray(0, 1000), body.subarray(1000)];
    const ContentLength = body.length;
    await client.send(
      new sdk.PutObjectCommand({ Bucket, Key, Body: Readable.from(chunks), ContentLength }),
    );
    const got = await client.send(new sdk.GetObjectCommand({ Bucket, Key }));
    const bytes = Buffer.from((await got.Body?.transformToByteArray()) ?? new Uint8Array());
    await client.send(new sdk.DeleteObjectCommand({ Bucket, Key }));
    if (!bytes.equals(body)) {
      throw new StackError(
        `the S3 emulator on port ${ctx.stack.s3.port} returned different bytes than were uploaded ` +
          `(${bytes.length} vs ${body.length} bytes): check the client's checksum settings`,
      );
    }
  } finally {
    client.destroy();
  }
}
