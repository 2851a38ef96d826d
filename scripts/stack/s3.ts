import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import { localS3Endpoint } from "../../lib/local-stack";
import { StackError, type StackContext } from "./context";
import { assertPortFree } from "./ports";
import {
  assertStartedWith,
  logFilePath,
  managedPid,
  startApp,
  stopApp,
  waitForHttp,
} from "./processes";
import type { ServiceStatus } from "./service";

/**
 * The S3 emulator: s3rver 3.7.1 as a detached node process, files under `<dataDir>/s3`. Only ever used
 * through the real @aws-sdk/client-s3, so the code path is the one R2 sees in production.
 */

const NAME = "s3";

export function s3Dir(ctx: StackContext): string {
  return path.join(ctx.stack.dataDir, "s3");
}

export function s3Pid(ctx: StackContext): number | undefined {
  return managedPid(NAME, ctx);
}

function s3StatusOf(ctx: StackContext, pid: number | undefined, detail?: string): ServiceStatus {
  return {
    name: "s3",
    state: pid === undefined ? "stopped" : "running",
    port: ctx.stack.s3.port,
    pid,
    url: `${localS3Endpoint(ctx.stack)}/${ctx.stack.s3.bucket}`,
    detail,
  };
}

export function s3Status(ctx: StackContext): ServiceStatus {
  return s3StatusOf(ctx, s3Pid(ctx));
}

/**
 * An SDK client for the emulator. The checksum settings are not optional: with the SDK's defaults a
 * streamed upload goes out with aws-chunked framing, which s3rver stores verbatim (wrong bytes, no error).
 * The SDK is loaded lazily so `status` and `down` do not pay for it.
 */
export async function createLocalS3Client(ctx: StackContext): Promise<S3Client> {
  const { S3Client: Client } = await import("@aws-sdk/client-s3");
  return new Client({
    endpoint: localS3Endpoint(ctx.stack),
    region: ctx.stack.s3.region,
    credentials: {
      accessKeyId: ctx.stack.s3.accessKeyId,
      secretAccessKey: ctx.stack.s3.secretAccessKey,
    },
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
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
    try {
      await client.send(new sdk.HeadBucketCommand({ Bucket }));
    } catch (err) {
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404)
        throw err;
      try {
        await client.send(new sdk.CreateBucketCommand({ Bucket }));
      } catch (createErr) {
        // Another `up` won the race: fine.
        const name = (createErr as { name?: string }).name;
        if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw createErr;
      }
    }

    const body = crypto.randomBytes(4096 + crypto.randomInt(1024));
    const Key = `_stack-check/${ctx.stack.profile}-${process.pid}-${Date.now()}`;
    await client.send(
      new sdk.PutObjectCommand({
        Bucket,
        Key,
        Body: Readable.from([body.subarray(0, 1000), body.subarray(1000)]),
        ContentLength: body.length,
        ContentType: "application/octet-stream",
      }),
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

export async function ensureS3(ctx: StackContext): Promise<ServiceStatus> {
  const logFile = logFilePath(NAME, ctx);
  const endpoint = `${localS3Endpoint(ctx.stack)}/`;
  assertStartedWith(NAME, "--port", String(ctx.stack.s3.port), "LIKENESS_S3_PORT", ctx);
  let pid = s3Pid(ctx);
  let detail = "already running";
  if (pid === undefined) {
    await assertPortFree("s3", ctx.stack.s3.port, ctx);
    const bin = path.join(ctx.root, "node_modules", "s3rver", "bin", "s3rver.js");
    if (!fs.existsSync(bin))
      throw new StackError(`${bin} is missing: run npm install (or use scripts/with-deps.sh)`);
    fs.mkdirSync(s3Dir(ctx), { recursive: true });
    const args = [
      bin,
      "--directory",
      s3Dir(ctx),
      "--address",
      "127.0.0.1",
      "--port",
      String(ctx.stack.s3.port),
    ];
    // s3rver logs every request synchronously; under benchmark load that costs CPU and disk for
    // nothing. LIKENESS_S3_VERBOSE=1 brings the request log back for debugging.
    if (ctx.env.LIKENESS_S3_VERBOSE !== "1") args.push("--silent");
    // Plain node, not tsx or the .bin shim: it starts in ~0.3 s instead of ~1 s.
    const proc = await startApp(NAME, process.execPath, args, {}, ctx);
    pid = proc.pid;
    detail = "started";
  }
  await waitForHttp(endpoint, { timeoutMs: 30_000, pid, name: "s3 emulator", logFile });
  await ensureBucketAndVerify(ctx);
  return s3StatusOf(ctx, pid, detail);
}

export async function stopS3(ctx: StackContext): Promise<boolean> {
  return stopApp(NAME, ctx, 10_000);
}
