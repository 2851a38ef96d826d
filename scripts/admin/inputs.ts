// Option parsers: a value they refuse is a usage error (exit 2) before anything is looked up.
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { z } from "zod";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "@/lib/api/text";
import { overridesSchema } from "@/lib/auth/tier-overrides";
import { utcDay } from "@/lib/limits/quota";
import { when } from "./output";

/** Tiers an account can have: `anonymous` is for visitors without one. */
export const ACCOUNT_TIERS = ["free", "premium", "enterprise"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emailSchema = z.email({ pattern: z.regexes.html5Email });

export const isUuid = (value: string) => UUID.test(value);

export function parseEmail(value: string): string {
  const email = value.trim();
  if (!emailSchema.safeParse(email).success) throw new InvalidArgumentError("Not an email.");
  // Supabase Auth stores emails in lower case; so do we, and lookups ignore case.
  return email.toLowerCase();
}

export function parseOverrides(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError("Not JSON.");
  }
  const checked = overridesSchema.strict().safeParse(parsed);
  if (!checked.success) {
    const problems = checked.error.issues.map((i) =>
      i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message,
    );
    throw new InvalidArgumentError(problems.join("; "));
  }
  return checked.data;
}

export function parseName(value: string): string {
  const name = value.trim();
  if (name.length < 1 || name.length > 100) throw new InvalidArgumentError("1 to 100 characters.");
  if (!isStorableText(name)) throw new InvalidArgumentError(`It ${UNSTORABLE_TEXT_MESSAGE}.`);
  return name;
}

/** A key's own daily limit: a whole number from 1. */
export function parseDailyLimit(value: string): number {
  const limit = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || !(limit >= 1 && limit <= 10_000_000)) {
    throw new InvalidArgumentError("A whole number from 1.");
  }
  return limit;
}

/** `2027-01-01` (midnight UTC) or a full ISO 8601 time. */
export function parseExpires(value: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? new Date(`${value}T00:00:00Z`)
    : /^\d{4}-\d{2}-\d{2}T/.test(value)
      ? new Date(value)
      : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError("Not a date (2027-01-01) or ISO time.");
  }
  if (date.getTime() <= Date.now()) throw new InvalidArgumentError(`${when(date)} is in the past.`);
  return date;
}

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `12h`, `30d` or `8w` from now. */
export function parseExpiresIn(value: string): Date {
  const match = /^(\d{1,5})([hdw])$/.exec(value);
  const amount = Number(match?.[1]);
  if (!match || amount < 1) {
    throw new InvalidArgumentError("Not a duration like 12h, 30d or 8w.");
  }
  return new Date(Date.now() + amount * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}

export function parseKeyId(value: string): string {
  const id = value.trim();
  if (!isUuid(id)) throw new InvalidArgumentError("Not a key id (uuid).");
  return id;
}

export function parsePrefix(value: string): string {
  const prefix = value.trim();
  if (!/^lk_live_[0-9A-Za-z]{4}$/.test(prefix)) {
    throw new InvalidArgumentError("Not a key prefix (lk_live_ and 4 characters).");
  }
  return prefix;
}

/** A UTC day, YYYY-MM-DD, that exists (2026-02-30 does not). */
export function parseDay(value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(date.getTime()) ||
    utcDay(date) !== value
  ) {
    throw new InvalidArgumentError("Not a date like 2026-11-22.");
  }
  return value;
}

export type Subject =
  { kind: "user" | "key"; id: string; subject: string } | { kind: "anon"; subject: string };

export function parseSubject(value: string): Subject {
  const subject = value.trim();
  const match = /^(user|key):(.+)$/.exec(subject);
  if (match && isUuid(match[2]!))
    return { kind: match[1] as "user" | "key", id: match[2]!, subject };
  if (/^anon:.+$/.test(subject)) return { kind: "anon", subject };
  throw new InvalidArgumentError("Not user:<uuid>, key:<uuid> or anon:<id>.");
}
