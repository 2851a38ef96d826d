import { S3Client } from "@aws-sdk/client-s3";
import { env, type StorageConfig } from "@/lib/env";

const globalForS3 = globalThis as typeof globalThis & { likenessS3?: S3Client };

export function createS3Client(config: StorageConfig): S3Client {
  return new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // Path-style because s3rver (and R2 on custom endpoints) has no per-bucket hostnames.
    forcePathStyle: true,
    // Without these the SDK uploads streams with aws-chunked framing, which s3rver stores verbatim
    // (corrupt bytes, no error) and R2 does not support either.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // A dead emulator must fail a request fast instead of retrying for seconds.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 15_000 },
  });
}

export function s3(): S3Client {
  globalForS3.likenessS3 ??= createS3Client(env().storage);
  return globalForS3.likenessS3;
}

export function bucket(): string {
  return env().storage.bucket;
}
