/**
 * Where the project's own local services live. Shared by the stack script (which starts them) and
 * lib/env.ts (which defaults DATABASE_URL, REDIS_URL and S3_* to them), so the two never disagree.
 *
 * Where their data lives is the stack scripts' business (scripts/stack/context.ts): the web app
 * imports this file, and a data-dir path here makes Next's file tracer scan all of .data/.
 *
 * The `test` profile runs beside a developer's `dev` stack on other ports and its own data dir,
 * so `npm test` never touches the data a person is looking at.
 */
export type StackProfile = "dev" | "test";

export interface LocalStack {
  profile: StackProfile;
  webPort: number;
  pg: { port: number; database: string; user: string };
  redis: { port: number };
  s3: {
    port: number;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
    region: string;
  };
}

const DEFAULT_PORTS: Record<StackProfile, { web: number; pg: number; redis: number; s3: number }> =
  {
    dev: { web: 3000, pg: 54320, redis: 63790, s3: 45690 },
    test: { web: 3100, pg: 54330, redis: 63800, s3: 45700 },
  };

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new Error(`${name} must be a TCP port (1-65535), got "${value}"`);
  }
  return n;
}

export type EnvSource = Readonly<Record<string, string | undefined>>;

export function localStack(env: EnvSource = process.env): LocalStack {
  const profile: StackProfile = env.LIKENESS_PROFILE === "test" ? "test" : "dev";
  const ports = DEFAULT_PORTS[profile];
  return {
    profile,
    webPort: port(env.PORT, ports.web, "PORT"),
    pg: {
      port: port(env.LIKENESS_PG_PORT, ports.pg, "LIKENESS_PG_PORT"),
      database: "likeness",
      user: "postgres",
    },
    redis: { port: port(env.LIKENESS_REDIS_PORT, ports.redis, "LIKENESS_REDIS_PORT") },
    s3: {
      port: port(env.LIKENESS_S3_PORT, ports.s3, "LIKENESS_S3_PORT"),
      bucket: "likeness",
      // s3rver's fixed development credentials: they guard nothing and only exist on loopback.
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      region: "us-east-1",
    },
  };
}

export function localDatabaseUrl(stack: LocalStack): string {
  return `postgres://${stack.pg.user}@127.0.0.1:${stack.pg.port}/${stack.pg.database}`;
}

export function localRedisUrl(stack: LocalStack): string {
  return `redis://127.0.0.1:${stack.redis.port}`;
}

export function localS3Endpoint(stack: LocalStack): string {
  return `http://127.0.0.1:${stack.s3.port}`;
}
