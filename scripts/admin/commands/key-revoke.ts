import { findAccountById } from "@/lib/account/profiles";
import { revokeApiKey } from "@/lib/auth/api-keys";
import { CliError, usageError } from "../errors";
import { parseKeyId, parsePrefix } from "../inputs";
import { emit, keyJson, keyTable, when, type Output } from "../output";
import type { AdminProgram } from "../program";

async function keyRevoke(by: { id?: string; prefix?: string }): Promise<Output> {
  const { id, prefix } = by;
  if ((id === undefined) === (prefix === undefined)) throw usageError("give --id or --prefix");
  const result = await revokeApiKey((id ?? prefix)!);
  switch (result.status) {
    case "not_found":
      throw new CliError(
        "key_not_found",
        `No API key has the ${id ? "id" : "prefix"} ${id ?? prefix}.`,
      );
    case "ambiguous":
      throw new CliError(
        "ambiguous_prefix",
        `${result.matches.length} keys have the prefix ${prefix}; revoke one by --id:\n` +
          keyTable(result.matches),
      );
    default: {
      const { key } = result;
      const email = (await findAccountById(key.ownerId))?.email ?? null;
      const revokedAt = when(key.revokedAt);
      return {
        json: { status: result.status, key: keyJson(key), owner: { id: key.ownerId, email } },
        text:
          result.status === "revoked"
            ? `revoked  ${key.prefix} "${key.name}" of ${email ?? key.ownerId} (id ${key.id}) at ${revokedAt}`
            : `already revoked at ${revokedAt}: ${key.prefix} "${key.name}" (id ${key.id})`,
      };
    }
  }
}

export function addKeyRevoke(program: AdminProgram): void {
  program
    .command("key:revoke")
    .summary("Revoke an API key by id or prefix (for good)")
    .description(
      "The key stops working at once and cannot be restored. Revoking a revoked key changes " +
        "nothing. A prefix that several keys share is refused: revoke by id (npm run admin -- " +
        "key:list --email …).",
    )
    .option("--id <uuid>", "the key's id", parseKeyId)
    .option("--prefix <prefix>", "the key's prefix, lk_live_ and 4 characters", parsePrefix)
    .action(async (opts, command) => emit(command, await keyRevoke(opts)));
}
