import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import type { Account } from "@/lib/account/profiles";
import type { ApiKeyInfo } from "@/lib/auth/api-keys";
import type { CliError } from "./errors";

/** A command's result, printed as `text` or, with --json, as the JSON document `json`. */
export interface Output {
  json: unknown;
  text: string;
  /** Printed on stderr in both modes: something the operator should know that is not the result. */
  warning?: string;
}

/** Prints a command's result the way the program-wide --json option asks. */
export function emit(command: CommandUnknownOpts, output: Output): void {
  const json = command.optsWithGlobals().json === true;
  if (output.warning) {
    process.stderr.write(
      `${json ? JSON.stringify({ warning: output.warning }) : `warning: ${output.warning}`}\n`,
    );
  }
  process.stdout.write(json ? `${JSON.stringify(output.json, null, 2)}\n` : `${output.text}\n`);
}

/** Prints a failure on stderr ({"error": {"code", "message"}} with --json) and returns the exit code. */
export function report(error: CliError, json: boolean): number {
  process.stderr.write(
    json
      ? `${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`
      : `error: ${error.message}\n`,
  );
  return error.exitCode;
}

/** An ISO time to the second, or `none` for a time that is not set. */
export function when(date: Date | null, none = "never"): string {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : none;
}

/** The account as --json shows it. */
export function accountJson(account: Account) {
  return {
    id: account.id,
    email: account.email,
    tier: account.tier,
    overrides: account.overrides,
    isAdmin: account.isAdmin,
    createdAt: account.createdAt,
  };
}

export function describeAccount(account: Account): string {
  const overrides = Object.keys(account.overrides).length
    ? `, overrides ${JSON.stringify(account.overrides)}`
    : "";
  const admin = account.isAdmin ? ", admin" : "";
  return `${account.email ?? "(no email)"}  id ${account.id}  tier ${account.tier}${overrides}${admin}`;
}

export function keyJson(k: ApiKeyInfo) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    status: k.status,
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
    expiresAt: k.expiresAt,
    dailyLimit: k.dailyLimit,
  };
}

export function keyTable(keys: ApiKeyInfo[]): string {
  const rows = [
    ["PREFIX", "NAME", "STATUS", "CREATED", "LAST USED", "EXPIRES", "DAILY LIMIT", "ID"],
    ...keys.map((k) => [
      k.prefix,
      k.name,
      k.status,
      when(k.createdAt),
      when(k.lastUsedAt),
      when(k.expiresAt),
      k.dailyLimit === null ? "account's" : String(k.dailyLimit),
      k.id,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
