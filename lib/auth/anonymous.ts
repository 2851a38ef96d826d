import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The anonymous visitor's cookie: `lk_anon=<id>.<sig>`, where sig = HMAC-SHA256(key, id). The id is
 * random and means nothing; the signature only proves this server issued it, so a visitor cannot
 * pick someone else's id (and their quota) or mint fresh ones without a round trip that sets them.
 * Clearing the cookie still gets a new id: limits that must hold regardless also key on the IP.
 *
 * The key is passed in (lib/auth/secret.ts derives it), so this module holds no secret itself.
 */
export const ANON_COOKIE = "lk_anon";

/** A year: long enough that a returning visitor keeps their history and quota. */
export const ANON_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

/** 128 random bits, base64url (22 characters). */
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function newAnonymousId(): string {
  return randomBytes(16).toString("base64url");
}

function signature(id: string, key: Uint8Array): Buffer {
  return createHmac("sha256", key).update(`anon:${id}`).digest();
}

export function signAnonymousId(id: string, key: Uint8Array): string {
  if (!ID_PATTERN.test(id)) throw new Error("not an anonymous id");
  return `${id}.${signature(id, key).toString("base64url")}`;
}

/** The id from a cookie value this server signed, or null for a missing, malformed or forged one. */
export function verifyAnonymousCookie(value: string | undefined, key: Uint8Array): string | null {
  if (!value) return null;
  const dot = value.indexOf(".");
  if (dot < 0) return null;
  const id = value.slice(0, dot);
  if (!ID_PATTERN.test(id)) return null;
  const given = Buffer.from(value.slice(dot + 1), "base64url");
  const expected = signature(id, key);
  // Decoding is lenient (it drops stray characters), so compare the canonical encoding too.
  if (given.length !== expected.length || given.toString("base64url") !== value.slice(dot + 1)) {
    return null;
  }
  return timingSafeEqual(given, expected) ? id : null;
}
