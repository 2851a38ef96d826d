import { z } from "zod";
import {
  type EnvSource,
  localDatabaseUrl,
  localRedisUrl,
  localS3Endpoint,
  localStack,
} from "./local-stack";

/**
 * Every process (web, worker, scripts) validates its environment once, here. Unset cloud settings
 * fall back to the project's own local services (see lib/local-stack.ts); set ones are used as is.
 */
const optional = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    LIKENESS_PROFILE: z.enum(["dev", "test"]).default("dev"),
    // Public origin of the app (https://likeness.example.com), used for absolute URLs in API responses.
    APP_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
    DATABASE_URL: optional.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: optional.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
    // Cloudflare R2 (production). All four of ACCOUNT_ID, ACCESS_KEY_ID, SECRET_ACCESS_KEY and BUCKET go together.
    R2_ACCOUNT_ID: optional,
    R2_ACCESS_KEY_ID: optional,
    R2_SECRET_ACCESS_KEY: optional,
    R2_BUCKET: optional,
    R2_PUBLIC_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
    // Any other S3-compatible store. Unset: the local s3rver emulator.
    S3_ENDPOINT: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
    S3_REGION: optional,
    S3_BUCKET: optional,
    S3_ACCESS_KEY_ID: optional,
    S3_SECRET_ACCESS_KEY: optional,
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
    PROVIDER_POLL_MS: z.coerce.number().int().min(10).max(10_000).default(500),
    WORKER_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
    FAL_KEY: optional,
    REPLICATE_API_TOKEN: optional,
    // Point the provider clients elsewhere (the provider simulator); unset: the real APIs.
    FAL_BASE_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
    REPLICATE_BASE_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  })
  .superRefine((env, ctx) => {
    const r2 = ["R2_ACCOUNT_ID", "R2_ACCESS_KEY_ID", "R2_SECRET_ACCESS_KEY", "R2_BUCKET"] as const;
    const setR2 = r2.filter((k) => env[k] !== undefined);
    if (setR2.length > 0 && setR2.length < r2.length) {
      for (const k of r2.filter((key) => env[key] === undefined)) {
        ctx.addIssue({
          code: "custom",
          path: [k],
          message: `is required when ${listed(setR2)} ${setR2.length > 1 ? "are" : "is"} set`,
        });
      }
    }
    if (setR2.length > 0 && env.S3_ENDPOINT !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["S3_ENDPOINT"],
        message: "set either R2_* or S3_*, not both",
      });
    }
    if (env.S3_ENDPOINT !== undefined) {
      for (const k of ["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
        if (env[k] === undefined) {
          ctx.addIssue({
            code: "custom",
            path: [k],
            message: "is required when S3_ENDPOINT is set",
          });
        }
      }
    }
  });

function listed(names: readonly string[]): string {
  return names.length > 1
    ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`
    : (names[0] ?? "");
}

export interface StorageConfig {
  kind: "r2" | "s3" | "local";
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Base URL objects are publicly readable under, or undefined to serve them through the app. */
  publicUrl: string | undefined;
}

export interface Env {
  nodeEnv: "development" | "production" | "test";
  /** Public origin without a trailing slash, or undefined to use the Host each request came to. */
  appUrl: string | undefined;
  databaseUrl: string;
  databasePoolMax: number;
  redisUrl: string;
  storage: StorageConfig;
  /** True while no cloud image provider is configured and the built-in local generator makes every image. */
  localGeneratorOnly: boolean;
  /** Jobs one worker process runs at once. */
  workerConcurrency: number;
  /** How long a job stays claimed by a worker that stopped renewing it (died) before another takes it. */
  workerLockMs: number;
  /** How often the worker asks a cloud provider whether an image is ready. */
  providerPollMs: number;
  falKey: string | undefined;
  replicateToken: string | undefined;
  /** Replaces https://queue.fal.run and https://fal.run, e.g. the provider simulator's origin. */
  falBaseUrl: string | undefined;
  /** Replaces https://api.replicate.com/v1, e.g. http://127.0.0.1:45800/v1. */
  replicateBaseUrl: string | undefined;
  usesLocalServices: { db: boolean; redis: boolean; storage: boolean };
}

export class EnvError extends Error {}

export function parseEnv(source: EnvSource): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const stack = localStack(source);
  const storage: StorageConfig = e.R2_ACCOUNT_ID
    ? {
        kind: "r2",
        endpoint: `https://${e.R2_ACCOUNT_ID}.r2.cloudflarestorage.com`,
        region: "auto",
        bucket: e.R2_BUCKET!,
        accessKeyId: e.R2_ACCESS_KEY_ID!,
        secretAccessKey: e.R2_SECRET_ACCESS_KEY!,
        publicUrl: e.R2_PUBLIC_URL,
      }
    : e.S3_ENDPOINT
      ? {
          kind: "s3",
          endpoint: e.S3_ENDPOINT,
          region: e.S3_REGION ?? "auto",
          bucket: e.S3_BUCKET!,
          accessKeyId: e.S3_ACCESS_KEY_ID!,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
          publicUrl: e.R2_PUBLIC_URL,
        }
      : {
          kind: "local",
          endpoint: localS3Endpoint(stack),
          region: stack.s3.region,
          bucket: stack.s3.bucket,
          accessKeyId: stack.s3.accessKeyId,
          secretAccessKey: stack.s3.secretAccessKey,
          publicUrl: undefined,
        };
  return {
    nodeEnv: e.NODE_ENV,
    appUrl: e.APP_URL?.replace(/\/+$/, ""),
    databaseUrl: e.DATABASE_URL ?? localDatabaseUrl(stack),
    databasePoolMax: e.DATABASE_POOL_MAX,
    redisUrl: e.REDIS_URL ?? localRedisUrl(stack),
    storage,
    localGeneratorOnly: e.FAL_KEY === undefined && e.REPLICATE_API_TOKEN === undefined,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerLockMs: e.WORKER_LOCK_MS,
    providerPollMs: e.PROVIDER_POLL_MS,
    falKey: e.FAL_KEY,
    replicateToken: e.REPLICATE_API_TOKEN,
    falBaseUrl: e.FAL_BASE_URL?.replace(/\/+$/, ""),
    replicateBaseUrl: e.REPLICATE_BASE_URL?.replace(/\/+$/, ""),
    usesLocalServices: {
      db: e.DATABASE_URL === undefined,
      redis: e.REDIS_URL === undefined,
      storage: storage.kind === "local",
    },
  };
}

let cached: Env | undefined;

/** The validated environment of this process, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
