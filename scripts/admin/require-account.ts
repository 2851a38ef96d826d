import { findAccountByEmail, type Account } from "@/lib/account/profiles";
import { CliError } from "./errors";

export const userNotFound = (email: string) =>
  new CliError(
    "user_not_found",
    `No user has the email ${email}. Create one with: npm run admin -- user:create --email ${email}`,
  );

/** The account with this email, or a refusal that says how to create it. */
export async function accountByEmail(email: string): Promise<Account> {
  const account = await findAccountByEmail(email);
  if (!account) throw userNotFound(email);
  return account;
}
