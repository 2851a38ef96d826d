import { Option } from "@commander-js/extra-typings";
import { adoptAuthUser, findAccountByEmail, initAccount } from "@/lib/account/profiles";
import { createAuthUser } from "@/lib/auth/users";
import { CliError } from "../errors";
import { ACCOUNT_TIERS, parseEmail } from "../inputs";
import { accountJson, describeAccount, emit, type Output } from "../output";
import type { AdminProgram } from "../program";

type Tier = (typeof ACCOUNT_TIERS)[number];

async function userCreate(email: string, tier: Tier | undefined): Promise<Output> {
  const wanted = tier ?? "free";
  const existing = (await findAccountByEmail(email)) ?? (await adoptAuthUser(email));
  if (existing) {
    const warning =
      tier !== undefined && existing.tier !== wanted
        ? `${email} exists with tier ${existing.tier}, left unchanged; to change it: npm run admin -- user:tier --email ${email} --tier ${wanted}`
        : undefined;
    return {
      json: { created: false, user: accountJson(existing) },
      text: `exists   ${describeAccount(existing)}`,
      warning,
    };
  }
  const id = await createAuthUser(email);
  const account = await initAccount(id, email, wanted);
  if (!account) {
    throw new CliError(
      "profile_missing",
      `Auth user ${id} was created, but it has no profile in DATABASE_URL's database. Is DATABASE_URL the Supabase project's database, with the migrations applied?`,
    );
  }
  return {
    json: { created: true, user: accountJson(account) },
    text: `created  ${describeAccount(account)}`,
  };
}

export function addUserCreate(program: AdminProgram): void {
  program
    .command("user:create")
    .summary("Create a user (idempotent on the email) and set their tier")
    .description(
      "Creates the user in Supabase Auth (when NEXT_PUBLIC_SUPABASE_URL and " +
        "SUPABASE_SERVICE_ROLE_KEY are set) or in the local auth.users table, then sets the " +
        "tier (default: free). When a user with that email exists already, nothing changes: it " +
        "is printed as it is (use user:tier to change its tier).",
    )
    .requiredOption("--email <email>", "the user's email (case is ignored)", parseEmail)
    .addOption(
      new Option("--tier <tier>", "the new user's tier (default: free)").choices(ACCOUNT_TIERS),
    )
    .action(async (opts, command) => emit(command, await userCreate(opts.email, opts.tier)));
}
