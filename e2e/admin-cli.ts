import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Runs `npm run admin -- <args> --json` the way ops would, against the test stack's database. A
 * last argument `{ env }` adds to its environment (another instance's REDIS_URL, say).
 */
export async function admin<T>(...args: (string | { env: Record<string, string> })[]): Promise<T> {
  const extra =
    typeof args.at(-1) === "object" ? (args.pop() as { env: Record<string, string> }) : undefined;
  const argv = ["scripts/admin/index.ts", ...(args as string[]), "--json"];
  const { stdout } = await run("node_modules/.bin/tsx", argv, {
    env: { ...process.env, LIKENESS_PROFILE: "test", ...extra?.env },
  });
  return JSON.parse(stdout) as T;
}

export interface CreatedKey {
  key: string;
  id: string;
  prefix: string;
}

export interface Usage {
  limit: number;
  resetsAt: string;
  entries: { subject: string; label: string; count: number; remaining: number }[];
}

/** A new user of `tier` with one API key (forced below enterprise, as ops may do for a trial). */
export async function userWithKey(email: string, tier: string): Promise<CreatedKey> {
  await admin("user:create", "--email", email, "--tier", tier);
  return admin<CreatedKey>(
    "key:create",
    "--email",
    email,
    ...(tier === "enterprise" ? [] : ["--force"]),
  );
}

/** Today's count charged to one API key, as `npm run admin -- usage` reports it. */
export async function keyUsage(email: string, key: CreatedKey): Promise<number | undefined> {
  const usage = await admin<Usage>("usage", "--email", email);
  return usage.entries.find((e) => e.subject === `key:${key.id}`)?.count;
}
