import type { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { bucket, s3 } from "./client";
import { assertValidKey, contentTypeForKey } from "./keys";

export { assertValidKey, contentTypeForKey, InvalidKeyError, isValidKey } from "./keys";

/** Objects are content-addressed, so once written they never change: cache them forever. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

export interface ObjectInfo {
  key: string;
  contentType: string;
  contentLength: number;
  etag: string;
  lastModified: Date | undefined;
}

export interface StoredObject extends ObjectInfo {
  body: ReadableStream<Uint8Array>;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

function isNotFound(error: unknown): boolean {
  return (
    statusOf(error) === 404 || (error instanceof Error && /NoSuchKey|NotFound/.test(error.name))
  );
}

/** Storage that cannot be reached is a 503; anything else is a bug and propagates. */
function unavailable(error: unknown): never {
  if (statusOf(error) === undefined || (statusOf(error) ?? 0) >= 500) {
    throw new ApiError(
      "service_unavailable",
      "Image storage is unavailable. Please try again shortly.",
      {
        cause: error,
      },
    );
  }
  throw error;
}

export async function putObject(
  key: string,
  body: Buffer | Uint8Array | Readable,
  options: { contentType?: string; cacheControl?: string; contentLength?: number } = {},
): Promise<void> {
  assertValidKey(key);
  await s3()
    .send(
      new PutObjectCommand({
        Bucket: bucket(),
        Key: key,
        Body: body,
        ContentType: options.contentType ?? contentTypeForKey(key),
        CacheControl: options.cacheControl ?? IMMUTABLE_CACHE_CONTROL,
        ContentLength:
          options.contentLength ??
          (Buffer.isBuffer(body) || body instanceof Uint8Array ? body.byteLength : undefined),
      }),
    )
    .catch(unavailable);
}

function toInfo(
  key: string,
  out: { ContentType?: string; ContentLength?: number; ETag?: string; LastModified?: Date },
): ObjectInfo {
  return {
    key,
    contentType: out.ContentType ?? contentTypeForKey(key),
    contentLength: out.ContentLength ?? 0,
    etag: out.ETag ?? "",
    lastModified: out.LastModified,
  };
}

export async function headObject(key: string): Promise<ObjectInfo | null> {
  assertValidKey(key);
  try {
    return toInfo(key, await s3().send(new HeadObjectCommand({ Bucket: bucket(), Key: key })));
  } catch (error) {
    if (isNotFound(error)) return null;
    return unavailable(error);
  }
}

/** Streams an object, or null when it does not exist. */
export async function getObject(key: string): Promise<StoredObject | null> {
  assertValidKey(key);
  try {
    const out = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
    if (!out.Body) return null;
    return {
      ...toInfo(key, out),
      body: out.Body.transformToWebStream() as ReadableStream<Uint8Array>,
    };
  } catch (error) {
    if (isNotFound(error)) return null;
    return unavailable(error);
  }
}

export async function getObjectBytes(key: string): Promise<Buffer | null> {
  const object = await getObject(key);
  if (!object) return null;
  return Buffer.from(await new Response(object.body).arrayBuffer());
}

export async function deleteObject(key: string): Promise<void> {
  assertValidKey(key);
  await s3()
    .send(new DeleteObjectCommand({ Bucket: bucket(), Key: key }))
    .catch(unavailable);
}

/**
 * One page of keys under a prefix; pass the returned cursor back for the next page.
 *
 * ListObjects (V1) with Marker rather than V2 with continuation tokens: both S3 and R2 support it, and
 * s3rver builds V2 tokens with the DES cipher, which Node's OpenSSL 3 no longer has (every truncated
 * V2 listing there is a 500). Without a delimiter, the next marker is simply the page's last key.
 */
export async function listObjects(
  prefix: string,
  options: { cursor?: string; limit?: number } = {},
): Promise<{ keys: string[]; cursor: string | undefined }> {
  const out = await s3()
    .send(
      new ListObjectsCommand({
        Bucket: bucket(),
        Prefix: prefix,
        Marker: options.cursor,
        MaxKeys: options.limit ?? 1000,
      }),
    )
    .catch(unavailable);
  const keys = (out.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
  return { keys, cursor: out.IsTruncated ? keys.at(-1) : undefined };
}

/**
 * Readiness probe: storage answers for our bucket. A GET of a key that need not exist, rather than
 * HeadBucket, which s3rver answers by walking the whole bucket (100+ ms with a big gallery). NoSuchKey
 * proves the bucket is there; a missing bucket answers NoSuchBucket.
 */
export async function pingStorage(client = s3(), bucketName = bucket()): Promise<void> {
  try {
    const out = await client.send(
      new GetObjectCommand({ Bucket: bucketName, Key: ".health-probe" }),
    );
    await out.Body?.transformToByteArray();
  } catch (error) {
    if (error instanceof Error && error.name === "NoSuchKey") return;
    throw error;
  }
}

/**
 * Where browsers fetch an object: the public R2 domain when one is configured, otherwise the app's
 * own /i/ route, which streams from S3 with immutable caching. Root-relative in the second case.
 */
export function publicUrl(key: string): string {
  assertValidKey(key);
  const base = env().storage.publicUrl;
  const path = key.split("/").map(encodeURIComponent).join("/");
  return base ? `${base.replace(/\/+$/, "")}/${path}` : `/i/${path}`;
}
