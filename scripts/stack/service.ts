/** The services `scripts/stack.ts` manages, in start order (infrastructure first, then the apps). */
export const SERVICE_NAMES = ["pg", "redis", "s3", "web", "worker"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const INFRA_SERVICES: readonly ServiceName[] = ["pg", "redis", "s3"];

export interface ServiceStatus {
  name: ServiceName;
  /** "external": a cloud replacement is configured (DATABASE_URL, REDIS_URL, R2/S3), so none runs locally. */
  state: "running" | "stopped" | "external";
  port?: number;
  pid?: number;
  url: string;
  /** A short note for the status line: "started", "already running", "using DATABASE_URL", … */
  detail?: string;
}

/** Accepts the spellings people type: `stop postgres`, `start minio`-style aliases are not guessed. */
export function parseServiceName(value: string): ServiceName | undefined {
  const aliases: Record<string, ServiceName> = {
    postgres: "pg",
    postgresql: "pg",
    db: "pg",
    storage: "s3",
  };
  const name = aliases[value] ?? value;
  return (SERVICE_NAMES as readonly string[]).includes(name) ? (name as ServiceName) : undefined;
}
