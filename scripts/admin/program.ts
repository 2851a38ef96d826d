import { Command } from "@commander-js/extra-typings";
import { addBudgetSet } from "./commands/budget-set";
import { addKeyCreate } from "./commands/key-create";
import { addKeyList } from "./commands/key-list";
import { addKeyRevoke } from "./commands/key-revoke";
import { addKeyRotateWebhookSecret } from "./commands/key-rotate-webhook-secret";
import { addUsage } from "./commands/usage";
import { addUserAdmin } from "./commands/user-admin";
import { addUserCreate } from "./commands/user-create";
import { addUserTier } from "./commands/user-tier";

export type AdminProgram = Command<[], { json?: true }>;

const EPILOGUE = `
--json prints one JSON document (errors as {"error": {"code", "message"}} on stderr).
Exit codes: 0 done, 1 refused or failed, 2 usage error.

Example:
  npm run admin -- user:create --email a@b.c --tier enterprise
  npm run admin -- key:create --email a@b.c --name ci --expires-in 90d`;

/**
 * The admin CLI. Commander never exits the process itself (exitOverride): its parse errors reach
 * the caller as CommanderErrors, to become exit code 2 and, with --json, the JSON error shape.
 */
export function adminProgram(options: { json: boolean }): AdminProgram {
  const program: AdminProgram = new Command()
    .name("npm run admin --")
    .description("Accounts, tiers, API keys and quota usage, for operators.")
    .option("--json", "print one JSON document instead of text")
    .exitOverride()
    .showHelpAfterError("(add --help for usage)")
    .configureHelp({
      showGlobalOptions: true,
      // Lower case, as the usage line of most Unix tools.
      styleTitle: (title) => title.toLowerCase(),
    })
    .configureOutput({
      // With --json, stderr carries only our JSON error: commander's own text is left out.
      writeErr: (text) => {
        if (!options.json) process.stderr.write(text);
      },
    })
    .addHelpText("after", EPILOGUE);
  for (const add of [
    addUserCreate,
    addUserTier,
    addUserAdmin,
    addKeyCreate,
    addKeyRevoke,
    addKeyRotateWebhookSecret,
    addKeyList,
    addUsage,
    addBudgetSet,
  ]) {
    add(program);
  }
  return program;
}
