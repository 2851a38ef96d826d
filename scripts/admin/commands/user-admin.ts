import { setAdmin } from "@/lib/account/profiles";
import { parseEmail } from "../inputs";
import { accountByEmail, userNotFound } from "../require-account";
import { accountJson, describeAccount, emit, type Output } from "../output";
import type { AdminProgram } from "../program";

async function userAdmin(email: string, revoke: boolean): Promise<Output> {
  const { id } = await accountByEmail(email);
  const changed = await setAdmin(id, !revoke);
  if (!changed) throw userNotFound(email); // deleted in the meantime
  const { before, after } = changed;
  const verb = after.isAdmin ? "granted admin to" : "revoked admin of";
  return {
    json: { user: accountJson(after), before: { isAdmin: before.isAdmin } },
    text:
      before.isAdmin === after.isAdmin
        ? `unchanged  ${describeAccount(after)} (${after.isAdmin ? "already" : "not"} an admin)`
        : `${verb} ${describeAccount(after)}`,
  };
}

export function addUserAdmin(program: AdminProgram): void {
  program
    .command("user:admin")
    .summary("Make a user an administrator, or with --revoke no longer one")
    .description(
      "Grants the user admin (profiles.is_admin), or revokes it with --revoke. Running it " +
        "again changes nothing.",
    )
    .requiredOption("--email <email>", "the user's email", parseEmail)
    .option("--revoke", "take admin away instead of granting it")
    .action(async (opts, command) =>
      emit(command, await userAdmin(opts.email, opts.revoke === true)),
    );
}
