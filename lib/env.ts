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
    WORKER_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(10_000),
    /** How often the reconciler compares unfinished generations with the queue (workers/reconciler.ts). */
    RECONCILE_INTERVAL_MS: z.coerce.number().int().min(500).max(3_600_000).default(10_000),
    /** How long a generation must have been queued before the reconciler looks at it at all. */
    RECONCILE_AFTER_MS: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
    /**
     * Tries a generation job gets (BullMQ attempts, with exponential backoff from 1 s) before it
     * fails for good. Read by the web process, which queues the jobs. Lowered by the e2e tests.
     */
    GENERATION_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
    FAL_KEY: optional,
    REPLICATE_API_TOKEN: optional,
    // Point the provider clients elsewhere (the provider simulator); unset: the real APIs.
    FAL_BASE_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
    REPLICATE_BASE_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /**
     * Supabase Auth for browser sign-in: the project URL plus its publishable key (sb_publishable_…,
     * the name Supabase's current docs use) or the legacy anon key. Read at run time on the server
     * and handed to the sign-in page, so a build never bakes them in.
     */
    NEXT_PUBLIC_SUPABASE_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: optional,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: optional,
    /**
     * The project's legacy JWT secret, to verify HS256 access tokens without asking Supabase. Not
     * needed with asymmetric signing keys (verified against the project's JWKS); unset with HS256
     * tokens, each session check asks Supabase Auth instead.
     */
    SUPABASE_JWT_SECRET: optional,
    /**
     * Signs the anonymous-visitor cookie and local sign-in sessions (at least 32 characters). Unset:
     * a random one is generated once and kept in the data dir (.data/<profile>/auth-secret).
     */
    AUTH_SECRET: optional.pipe(
      z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional(),
    ),
    /**
     * Local sign-in (email link shown on screen and logged, no email sent) when no Supabase project
     * is configured. Default: on, except under NODE_ENV=production, where it needs `enabled`: it
     * lets anyone sign in as any email, so it is for local stacks and tests only.
     */
    LOCAL_AUTH: optional.pipe(z.enum(["enabled", "disabled"]).optional()),
    /**
     * The header the reverse proxy in front of the app puts the client's IP in (cf-connecting-ip,
     * x-real-ip, x-forwarded-for: its right-most entry, the one the proxy appended). Unset: the
     * client is the TCP peer (server.mjs records it); no header is believed by default, since a
     * client can send any of them. Behind a proxy it must be set, or every client is the proxy.
     */
    /**
     * Hosts outbound fetches (webhooks, provider output images) may reach even though they are on a
     * loopback or private address, which the SSRF rules refuse otherwise: comma-separated `host` or
     * `host:port` (IPv6 in brackets), e.g. `127.0.0.1:4999,localhost`. Only for tests and for
     * receivers inside your own network; a host without a port is allowed on every port.
     */
    OUTBOUND_ALLOWED_HOSTS: optional.pipe(
      z
        .string()
        .transform((v) =>
          v
            .split(",")
            .map((h) => h.trim().toLowerCase())
            .filter((h) => h !== ""),
        )
        .pipe(
          z.array(
            z
              .string()
              .regex(
                /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/,
                "each entry must be host or host:port, e.g. 127.0.0.1:4999",
              ),
          ),
        )
        .optional(),
    ),
    /**
     * First retry delay of a failed webhook delivery; each later one doubles it (8 tries in all: from
     * 5 s, the last retry comes about 10 minutes after the first try). Lowered by the tests.
     */
    WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
    /**
     * The one allowance shared by anonymous requests that carry no visitor cookie and whose client
     * address is unknown (neither TRUSTED_PROXY_HEADER nor the TCP peer that server.mjs records:
     * `next dev`, or a web process started without server.mjs): they cannot be told apart, so they
     * are counted together, and more generously than one visitor. With an address, such requests
     * are that address's cookieless visitor, at the anonymous tier.
     */
    ANON_SHARED_DAILY_QUOTA: z.coerce.number().int().min(0).max(10_000_000).default(100),
    ANON_SHARED_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
    /**
     * Spend budgets in US dollars (lib/spend). BUDGET_MONTHLY_USD sets the global monthly budget
     * (the budgets table's row, seeded at 500: unset, the table's value stands), BUDGET_DAILY_USD an
     * optional global daily one, BUDGET_HARD_CAP_USD the monthly amount past which even premium and
     * enterprise requests are refused (default 120% of the monthly budget).
     */
    BUDGET_MONTHLY_USD: optional.pipe(
      z.coerce.number<string | undefined>().min(0).max(10_000_000).optional(),
    ),
    BUDGET_DAILY_USD: optional.pipe(
      z.coerce.number<string | undefined>().min(0).max(10_000_000).optional(),
    ),
    BUDGET_HARD_CAP_USD: optional.pipe(
      z.coerce.number<string | undefined>().min(0).max(10_000_000).optional(),
    ),
    /**
     * Where budget alerts (50/80/100% of a budget) are POSTed as Standard Webhooks events, signed
     * with ALERT_WEBHOOK_SECRET (whsec_…); the SSRF rules apply as to every webhook.
     */
    ALERT_WEBHOOK_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
    ALERT_WEBHOOK_SECRET: optional.pipe(
      z
        .string()
        .regex(/^whsec_[A-Za-z0-9+/=]{24,}$/, "must be a whsec_… secret")
        .optional(),
    ),
    /**
     * Anonymous generations per UTC day from one client address (the trusted proxy's header, else
     * the TCP peer), whatever visitor cookies they carry: clearing or minting cookies gains nothing
     * beyond it. Each visitor still has the anonymous tier's own quota inside it.
     */
    ANON_DAILY_QUOTA_PER_ADDRESS: z.coerce.number().int().min(0).max(10_000_000).default(10),
    /** Anonymous generations per UTC day, all visitors together: the ceiling of free spend. */
    ANON_GLOBAL_DAILY_QUOTA: z.coerce.number().int().min(0).max(100_000_000).default(5000),
    /**
     * New visitor cookies one address is handed per hour; past it, its requests are its cookieless
     * visitor (charged to the address) instead of being refused.
     */
    ANON_COOKIES_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(0).max(1_000_000).default(10),
    TRUSTED_PROXY_HEADER: optional.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9-]+$/, "must be a header name, e.g. cf-connecting-ip")
        .transform((v) => v.toLowerCase())
        .optional(),
    ),
    /**
     * Browser origins allowed to call /v1/** and /api/v1/** cross-origin: `*` (the default: API keys
     * are bearer tokens, never cookies, so no credentials are ever allowed) or a comma-separated list
     * of origins (https://app.example.com). Image routes always allow every origin.
     */
    /**
     * Bearer token GET /metrics (web and workers) requires when set; unset, /metrics is open (keep
     * it off the public internet then). At least 16 characters: it guards traffic figures.
     */
    METRICS_TOKEN: optional.pipe(
      z.string().min(16, "must be at least 16 characters (openssl rand -hex 24)").optional(),
    ),
    /**
     * Port a worker process serves its own GET /metrics on (all interfaces). Unset: no metrics
     * server. 0: a free port, logged at start, for several workers on one machine.
     */
    WORKER_METRICS_PORT: optional.pipe(
      z.coerce.number<string | undefined>().int().min(0).max(65_535).optional(),
    ),
    CORS_ALLOWED_ORIGINS: optional.pipe(
      z
        .string()
        .transform((v, ctx) => corsOrigins(v, ctx))
        .optional(),
    ),
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
    const supabaseKey =
      env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY ?? env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
    if (env.NEXT_PUBLIC_SUPABASE_URL !== undefined && supabaseKey === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY"],
        message:
          "is required when NEXT_PUBLIC_SUPABASE_URL is set (or the legacy NEXT_PUBLIC_SUPABASE_ANON_KEY)",
      });
    }
    if (env.NEXT_PUBLIC_SUPABASE_URL === undefined) {
      for (const k of [
        "NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY",
        "NEXT_PUBLIC_SUPABASE_ANON_KEY",
        "SUPABASE_JWT_SECRET",
      ] as const) {
        if (env[k] !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["NEXT_PUBLIC_SUPABASE_URL"],
            message: `is required when ${k} is set`,
          });
        }
      }
    }
    if (env.ALERT_WEBHOOK_URL !== undefined && env.ALERT_WEBHOOK_SECRET === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["ALERT_WEBHOOK_SECRET"],
        message:
          "is required when ALERT_WEBHOOK_URL is set: alerts are signed with it (whsec_ followed by base64 of 24+ random bytes)",
      });
    }
    if (
      env.BUDGET_HARD_CAP_USD !== undefined &&
      env.BUDGET_MONTHLY_USD !== undefined &&
      env.BUDGET_HARD_CAP_USD < env.BUDGET_MONTHLY_USD
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["BUDGET_HARD_CAP_USD"],
        message: "must be at least BUDGET_MONTHLY_USD",
      });
    }
    if (
      env.NODE_ENV === "production" &&
      env.NEXT_PUBLIC_SUPABASE_URL !== undefined &&
      env.AUTH_SECRET === undefined
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message:
          "is required in production with Supabase Auth, so every instance signs anonymous visitors' cookies alike",
      });
    }
  });

/** `*`, or each listed origin as its canonical `scheme://host[:port]`. */
function corsOrigins(value: string, ctx: z.RefinementCtx): "*" | string[] {
  if (value === "*") return "*";
  const origins: string[] = [];
  for (const entry of value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean)) {
    const url = URL.canParse(entry) ? new URL(entry) : undefined;
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/$/, "")) {
      ctx.addIssue({
        code: "custom",
        message: `"${entry}" is not an origin: use * or origins like https://app.example.com, comma-separated`,
      });
      continue;
    }
    origins.push(url.origin);
  }
  return origins;
}

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

/** How browser users sign in: Supabase Auth, the built-in local email-link sign-in, or not at all. */
export type AuthMode = "supabase" | "local" | "off";

export interface SupabaseConfig {
  /** Project URL without a trailing slash, e.g. https://abcd.supabase.co. */
  url: string;
  /** Publishable (or legacy anon) key: public, sent to browsers. */
  publishableKey: string;
  /** Legacy HS256 JWT secret, or undefined when tokens are verified against the project's JWKS. */
  jwtSecret: string | undefined;
}

export interface AuthConfig {
  mode: AuthMode;
  /** Set exactly when mode is "supabase". */
  supabase: SupabaseConfig | undefined;
  /** AUTH_SECRET, or undefined to use the one generated into the data dir (lib/auth/secret.ts). */
  secret: string | undefined;
  /** Lower-case name of the header the trusted reverse proxy puts the client IP in. */
  trustedProxyHeader: string | undefined;
  /** Limits of the shared pool of anonymous requests with no cookie and no known client address. */
  anonShared: { dailyQuota: number; ratePerMinute: number };
  /** What bounds anonymous use beyond each visitor's own quota. */
  anon: AnonymousLimits;
}

export interface AnonymousLimits {
  /** Generations per UTC day from one client address, every visitor of it together. */
  dailyQuotaPerAddress: number;
  /** Generations per UTC day of every anonymous visitor together. */
  globalDailyQuota: number;
  /** New visitor cookies one address is handed per hour. */
  cookiesPerAddressPerHour: number;
}

/** Where absolute URLs point (lib/api/origin.ts). */
export interface OriginConfig {
  /** APP_URL without a trailing slash: every URL uses it. */
  appUrl: string | undefined;
  /**
   * Without APP_URL, what a request with a Host other than a loopback name is answered with: this
   * machine's own web port on localhost, never a name the client made up.
   */
  fallbackOrigin: string;
}

export interface Env {
  nodeEnv: "development" | "production" | "test";
  /** Public origin without a trailing slash, or undefined on a local stack (see `origin`). */
  appUrl: string | undefined;
  origin: OriginConfig;
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
  /** How often the reconciler runs. */
  reconcileIntervalMs: number;
  /** Generations queued more recently than this are left to their jobs by the reconciler. */
  reconcileAfterMs: number;
  /** How often the worker asks a cloud provider whether an image is ready. */
  providerPollMs: number;
  /** Tries a generation job gets before it fails for good (the first one included). */
  generationJobAttempts: number;
  falKey: string | undefined;
  replicateToken: string | undefined;
  /** Replaces https://queue.fal.run and https://fal.run, e.g. the provider simulator's origin. */
  falBaseUrl: string | undefined;
  /** Replaces https://api.replicate.com/v1, e.g. http://127.0.0.1:45800/v1. */
  replicateBaseUrl: string | undefined;
  usesLocalServices: { db: boolean; redis: boolean; storage: boolean };
  auth: AuthConfig;
  /** Origins allowed to call the API cross-origin (CORS_ALLOWED_ORIGINS): `*` or a list. */
  corsAllowedOrigins: "*" | readonly string[];
  /** OUTBOUND_ALLOWED_HOSTS: `host` / `host:port` entries the SSRF rules let through. */
  outboundAllowedHosts: string[];
  /** First retry delay of a webhook delivery, doubling after each failure. */
  webhookRetryBaseMs: number;
  /** METRICS_TOKEN: the bearer token /metrics requires, or undefined for none. */
  metricsToken: string | undefined;
  /** WORKER_METRICS_PORT: a worker's metrics port (0: any free one), or undefined for none. */
  workerMetricsPort: number | undefined;
  /** Global budgets from the environment; undefined leaves the budgets table's value. */
  budget: { monthlyUsd?: number; dailyUsd?: number; hardCapUsd?: number };
  /** Where budget alerts go, and the secret that signs them. */
  alertWebhook: { url: string; secret: string } | undefined;
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
    origin: {
      appUrl: e.APP_URL?.replace(/\/+$/, ""),
      fallbackOrigin: `http://localhost:${stack.webPort}`,
    },
    databaseUrl: e.DATABASE_URL ?? localDatabaseUrl(stack),
    databasePoolMax: e.DATABASE_POOL_MAX,
    redisUrl: e.REDIS_URL ?? localRedisUrl(stack),
    storage,
    localGeneratorOnly: e.FAL_KEY === undefined && e.REPLICATE_API_TOKEN === undefined,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerLockMs: e.WORKER_LOCK_MS,
    reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
    reconcileAfterMs: e.RECONCILE_AFTER_MS,
    providerPollMs: e.PROVIDER_POLL_MS,
    generationJobAttempts: e.GENERATION_JOB_ATTEMPTS,
    falKey: e.FAL_KEY,
    replicateToken: e.REPLICATE_API_TOKEN,
    falBaseUrl: e.FAL_BASE_URL?.replace(/\/+$/, ""),
    replicateBaseUrl: e.REPLICATE_BASE_URL?.replace(/\/+$/, ""),
    usesLocalServices: {
      db: e.DATABASE_URL === undefined,
      redis: e.REDIS_URL === undefined,
      storage: storage.kind === "local",
    },
    auth: authConfig(e),
    corsAllowedOrigins: e.CORS_ALLOWED_ORIGINS ?? "*",
    outboundAllowedHosts: e.OUTBOUND_ALLOWED_HOSTS ?? [],
    webhookRetryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
    metricsToken: e.METRICS_TOKEN,
    workerMetricsPort: e.WORKER_METRICS_PORT,
    budget: {
      monthlyUsd: e.BUDGET_MONTHLY_USD,
      dailyUsd: e.BUDGET_DAILY_USD,
      hardCapUsd: e.BUDGET_HARD_CAP_USD,
    },
    alertWebhook: e.ALERT_WEBHOOK_URL
      ? { url: e.ALERT_WEBHOOK_URL, secret: e.ALERT_WEBHOOK_SECRET! }
      : undefined,
  };
}

function authConfig(e: z.infer<typeof schema>): AuthConfig {
  const supabase: SupabaseConfig | undefined = e.NEXT_PUBLIC_SUPABASE_URL
    ? {
        url: e.NEXT_PUBLIC_SUPABASE_URL.replace(/\/+$/, ""),
        publishableKey: (e.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY ??
          e.NEXT_PUBLIC_SUPABASE_ANON_KEY)!,
        jwtSecret: e.SUPABASE_JWT_SECRET,
      }
    : undefined;
  // A configured Supabase project always wins: LOCAL_AUTH only matters without one.
  const mode: AuthMode = supabase
    ? "supabase"
    : e.LOCAL_AUTH === "enabled" || (e.LOCAL_AUTH === undefined && e.NODE_ENV !== "production")
      ? "local"
      : "off";
  return {
    mode,
    supabase,
    secret: e.AUTH_SECRET,
    trustedProxyHeader: e.TRUSTED_PROXY_HEADER,
    anonShared: {
      dailyQuota: e.ANON_SHARED_DAILY_QUOTA,
      ratePerMinute: e.ANON_SHARED_RATE_PER_MINUTE,
    },
    anon: {
      dailyQuotaPerAddress: e.ANON_DAILY_QUOTA_PER_ADDRESS,
      globalDailyQuota: e.ANON_GLOBAL_DAILY_QUOTA,
      cookiesPerAddressPerHour: e.ANON_COOKIES_PER_ADDRESS_PER_HOUR,
    },
  };
}

let cached: Env | undefined;

/** The validated environment of this process, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
