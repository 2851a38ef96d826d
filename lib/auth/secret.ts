import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

/**
 * The app's own auth secret: AUTH_SECRET, or (unset) a random one generated on first use and kept
 * in the data dir, so sessions and anonymous ids survive restarts and every process of one local
 * stack (web, the e2e's second web instance) agrees on it. Never in the repository: .data/ is
 * ignored by git.
 *
 * Each use gets its own key derived from it (HMAC-SHA256(secret, purpose)), so a value signed for
 * one purpose (an anonymous cookie) never verifies as another (a session).
 */
export type KeyPurpose = "anonymous-cookie" | "local-session";

const SECRET_FILE = "auth-secret";

let secret: string | undefined;
const keys = new Map<KeyPurpose, Uint8Array>();

export function authKey(purpose: KeyPurpose): Uint8Array {
  let key = keys.get(purpose);
  if (!key) {
    secret ??= env().auth.secret ?? loadOrCreateSecret(path.join(dataDir(), SECRET_FILE));
    key = new Uint8Array(createHmac("sha256", secret).update(`likeness/${purpose}/v1`).digest());
    keys.set(purpose, key);
  }
  return key;
}

/**
 * The stack's data dir, as scripts/stack/context.ts computes it (LIKENESS_DATA_DIR, else
 * .data/<profile>) from the repository root the app runs in. The path is built at run time behind
 * turbopackIgnore, so Next's file tracer does not copy .data/ into the build's trace.
 */
function dataDir(): string {
  const root = process.env.LIKENESS_ROOT || process.cwd();
  const relative =
    process.env.LIKENESS_DATA_DIR || path.join(".data", process.env.LIKENESS_PROFILE || "dev");
  return path.resolve(/* turbopackIgnore: true */ root, relative);
}

/**
 * Reads the secret at `file`, or creates it: written to a temporary file first and then hard-linked
 * into place, which fails if another process won the race, so all of them end up with one secret.
 */
export function loadOrCreateSecret(file: string): string {
  const existing = readSecret(file);
  if (existing) return existing;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    fs.writeFileSync(temp, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600 });
    try {
      fs.linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      fs.rmSync(temp, { force: true });
    }
  } catch (error) {
    throw new Error(
      `AUTH_SECRET is unset and no secret could be stored at ${file}: set AUTH_SECRET (openssl rand -base64 32)`,
      { cause: error },
    );
  }
  const created = readSecret(file);
  if (!created) throw new Error(`${file} is empty: delete it, or set AUTH_SECRET`);
  return created;
}

function readSecret(file: string): string | undefined {
  try {
    const value = fs.readFileSync(file, "utf8").trim();
    return value === "" ? undefined : value;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}

/** Forget the cached secret and keys (tests). */
export function forgetAuthSecret(): void {
  secret = undefined;
  keys.clear();
}
