import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { localStack, type LocalStack } from "../../lib/local-stack";

/**
 * Everything the stack modules need to know about where they run: the shared port/path settings from
 * lib/local-stack.ts plus the directories derived from them. Built once per command and passed down, so
 * a test can point a whole stack at another data dir or ports through an env object instead of
 * mutating process.env.
 */
export interface StackContext {
  /** Ports and names from lib/local-stack.ts, plus where this profile keeps its data (`.data/<profile>`). */
  stack: LocalStack & { dataDir: string };
  /** Repository root: cwd of the app processes and base of node_modules. */
  root: string;
  logsDir: string;
  /** This profile's own pm2 daemon, so profiles and worktrees never share one. */
  pm2Home: string;
  env: NodeJS.ProcessEnv;
}

/** pm2 listens on `<home>/rpc.sock`, and a Unix socket path has at most 107 bytes. */
const MAX_SOCKET_PATH = 100;

/**
 * The repo root is taken from this file's location, not process.cwd(), so `tsx /abs/path/scripts/stack.ts`
 * run from anywhere still finds `.data/` and node_modules. LIKENESS_ROOT overrides it (lib/local-stack.ts
 * honours the same variable, so both agree on the data dir).
 */
export function repoRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LIKENESS_ROOT !== undefined && env.LIKENESS_ROOT !== "")
    return path.resolve(env.LIKENESS_ROOT);
  return path.resolve(import.meta.dirname, "..", "..");
}

export function stackContext(env: NodeJS.ProcessEnv = process.env): StackContext {
  const root = repoRoot(env);
  const base = localStack(env);
  const dataDir = path.resolve(root, env.LIKENESS_DATA_DIR || path.join(".data", base.profile));
  let pm2Home = path.join(dataDir, "pm2");
  if (`${pm2Home}/rpc.sock`.length > MAX_SOCKET_PATH) {
    const hash = createHash("sha1").update(dataDir).digest("hex").slice(0, 10);
    pm2Home = path.join(os.tmpdir(), `likeness-pm2-${hash}`);
  }
  return {
    stack: { ...base, dataDir },
    root,
    logsDir: path.join(dataDir, "logs"),
    pm2Home,
    env,
  };
}

/** Thrown for failures the CLI prints as a plain message (no stack trace): the text says what to do. */
export class StackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackError";
  }
}
