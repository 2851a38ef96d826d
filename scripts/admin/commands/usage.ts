import { findAccountByApiKey, findAccountById, type Account } from "@/lib/account/profiles";
import { listApiKeys } from "@/lib/auth/api-keys";
import { limitsFor } from "@/lib/auth/tiers";
import { subjectFor, type TierId } from "@/lib/auth/types";
import { quotaResetsAt, usageBySubject, utcDay } from "@/lib/limits/quota";
import { CliError, usageError } from "../errors";
import { parseDay, parseEmail, parseSubject, type Subject } from "../inputs";
import { accountByEmail } from "../require-account";
import { emit, when, type Output } from "../output";
import type { AdminProgram } from "../program";

/**
 * Whose usage is shown: the account's tier gives the limit of its counter (every request of the
 * account); each key's counter shows the key's own daily limit if it has one, else the account's.
 */
interface Charged {
  who: string;
  tier: TierId;
  overrides: unknown;
  subjects: { subject: string; label: string; ownLimit?: number | null }[];
}

async function allOf(account: Account): Promise<Charged> {
  const keys = await listApiKeys(account.id);
  return {
    who: `${account.email} (${account.tier})`,
    tier: account.tier,
    overrides: account.overrides,
    subjects: [
      { subject: subjectFor.user(account.id), label: "the whole account (session and every key)" },
      ...keys.map((k) => ({
        subject: subjectFor.apiKey(k.id),
        label: `key ${k.prefix} "${k.name}"${k.status === "active" ? "" : ` (${k.status})`}`,
        ownLimit: k.dailyLimit,
      })),
    ],
  };
}

async function oneOf(subject: Subject): Promise<Charged> {
  const subjects: Charged["subjects"] = [{ subject: subject.subject, label: "" }];
  if (subject.kind === "anon") {
    return { who: "anonymous visitor", tier: "anonymous", overrides: {}, subjects };
  }
  const owner = await (subject.kind === "user"
    ? findAccountById(subject.id)
    : findAccountByApiKey(subject.id));
  if (!owner) {
    throw new CliError(
      "subject_not_found",
      `No ${subject.kind === "user" ? "user" : "API key"} has the id ${subject.id}.`,
    );
  }
  const who = `${owner.email ?? "(no email)"} (${owner.tier})`;
  if (subject.kind === "key") {
    const key = (await listApiKeys(owner.id)).find((k) => k.id === subject.id);
    subjects[0]!.ownLimit = key?.dailyLimit ?? null;
  }
  return { who, tier: owner.tier, overrides: owner.overrides, subjects };
}

function inWords(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

async function usage(opts: { email?: string; subject?: Subject; day?: string }): Promise<Output> {
  if ((opts.email === undefined) === (opts.subject === undefined)) {
    throw usageError("give --email or --subject");
  }
  const day = opts.day ?? utcDay();
  const charged =
    opts.email !== undefined
      ? await allOf(await accountByEmail(opts.email))
      : await oneOf(opts.subject!);
  const limit = (await limitsFor(charged.tier, charged.overrides)).dailyQuota;
  const counts = await usageBySubject(
    charged.subjects.map((s) => s.subject),
    day,
  );
  const entries = charged.subjects.map(({ subject, label, ownLimit }) => {
    const count = counts.get(subject) ?? 0;
    const own = ownLimit ?? limit;
    return { subject, label, count, limit: own, remaining: Math.max(0, own - count) };
  });
  const resetsAt = quotaResetsAt(new Date(`${day}T00:00:00Z`));
  const left = resetsAt.getTime() - Date.now();
  const width = Math.max(...entries.map((e) => e.subject.length));
  return {
    json: { day, tier: charged.tier, limit, resetsAt, entries },
    text: [
      `usage of ${charged.who} on ${day} (UTC)`,
      ...entries.map(
        (e) =>
          `  ${e.subject.padEnd(width)}  ${String(e.count).padStart(6)} / ${e.limit}  (${e.remaining} left)` +
          (e.label ? `  ${e.label}` : ""),
      ),
      `resets at ${when(resetsAt)}${left > 0 && left <= 86_400_000 ? ` (in ${inWords(left)})` : ""}`,
    ].join("\n"),
  };
}

export function addUsage(program: AdminProgram): void {
  program
    .command("usage")
    .summary("Show a user's or subject's generations charged on a UTC day, the limit and the reset")
    .description(
      "Quotas are counted per subject and UTC day. An account's counter (user:<id>) holds every " +
        "request of the account, its session and all its keys, against its daily limit; each " +
        "key's counter (key:<id>) holds what went through that key, against the key's own daily " +
        "limit if it has one (else the account's). --email shows them all. The counters reset " +
        "at the next midnight UTC.",
    )
    .option("--email <email>", "a user: their own requests and each of their keys", parseEmail)
    .option(
      "--subject <subject>",
      "one counter: user:<uuid>, key:<uuid> or anon:<id>",
      parseSubject,
    )
    .option("--day <day>", "the UTC day, e.g. 2026-11-22 (default: today)", parseDay)
    .action(async (opts, command) => emit(command, await usage(opts)));
}
