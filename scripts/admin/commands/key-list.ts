import { listApiKeys } from "@/lib/auth/api-keys";
import { parseEmail } from "../inputs";
import { accountByEmail } from "../require-account";
import { emit, keyJson, keyTable, type Output } from "../output";
import type { AdminProgram } from "../program";

async function keyList(email: string): Promise<Output> {
  const owner = await accountByEmail(email);
  const keys = await listApiKeys(owner.id);
  return {
    json: {
      owner: { id: owner.id, email: owner.email, tier: owner.tier },
      keys: keys.map(keyJson),
    },
    text:
      `${owner.email} (${owner.tier}): ${keys.length} API key${keys.length === 1 ? "" : "s"}` +
      (keys.length ? `\n${keyTable(keys)}` : ""),
  };
}

export function addKeyList(program: AdminProgram): void {
  program
    .command("key:list")
    .summary("List a user's API keys (never the keys themselves)")
    .requiredOption("--email <email>", "the owner's email", parseEmail)
    .action(async (opts, command) => emit(command, await keyList(opts.email)));
}
