import { Option } from "@commander-js/extra-typings";
import { createApiKey } from "@/lib/auth/api-keys";
import { CliError } from "../errors";
import { parseDailyLimit, parseEmail, parseExpires, parseExpiresIn, parseName } from "../inputs";
import { accountByEmail } from "../require-account";
import { emit, when, type Output } from "../output";
import type { AdminProgram } from "../program";

async function keyCreate(input: {
  email: string;
  name: string;
  expiresAt: Date | null;
  dailyLimit: number | null;
  force: boolean;
}): Promise<Output> {
  const { email, name, expiresAt, dailyLimit } = input;
  const owner = await accountByEmail(email);
  if (owner.tier !== "enterprise" && !input.force) {
    throw new CliError(
      "not_enterprise",
      `${email} is on the ${owner.tier} tier; API keys are for enterprise users. Upgrade them first (npm run admin -- user:tier --email ${email} --tier enterprise) or pass --force.`,
    );
  }
  const created = await createApiKey({
    ownerId: owner.id,
    name,
    expiresAt,
    dailyLimit,
    ignoreKeyCap: input.force,
  });
  return {
    json: {
      key: created.key,
      id: created.id,
      prefix: created.prefix,
      name: created.name,
      expiresAt: created.expiresAt,
      dailyLimit: created.dailyLimit,
      webhookSecret: created.webhookSecret,
      owner: { id: owner.id, email: owner.email, tier: owner.tier },
    },
    text: [
      `created API key "${created.name}" for ${email} (${owner.tier})`,
      `  id       ${created.id}`,
      `  prefix   ${created.prefix}`,
      `  expires  ${when(created.expiresAt)}`,
      `  daily    ${created.dailyLimit === null ? "the account's quota" : `${created.dailyLimit}, within the account's quota`}`,
      "",
      created.key,
      "",
      "Copy the key now: it is shown only this once (only its hash is stored).",
      "Send it as: Authorization: Bearer <key>",
      "",
      `  webhook signing secret  ${created.webhookSecret}`,
      "Verify this key's webhooks with it (Standard Webhooks: new Webhook(secret).verify(body, headers)).",
    ].join("\n"),
  };
}

export function addKeyCreate(program: AdminProgram): void {
  program
    .command("key:create")
    .summary("Create an API key for an enterprise user (the key is printed once)")
    .description(
      "Prints the new key once: only its SHA-256 hash is stored, so it cannot be shown again. " +
        "API keys are an enterprise feature: for users on another tier the command refuses " +
        "unless --force is given (the key then works with that user's tier limits). An account " +
        "holds at most its tier's max_api_keys live keys (enterprise: 10; user:tier --overrides " +
        "'{\"max_api_keys\":20}' raises it); --force goes past that too. Every key draws on the " +
        "account's daily quota; --daily-limit gives the key a lower limit of its own. Without " +
        "--expires or --expires-in the key does not expire.",
    )
    .requiredOption("--email <email>", "the owner's email", parseEmail)
    .option("--name <label>", "what the key is for", parseName, "default")
    .addOption(
      new Option("--expires <date>", "expiry: a date (midnight UTC) or an ISO time")
        .argParser(parseExpires)
        .conflicts("expiresIn"),
    )
    .addOption(
      new Option(
        "--expires-in <duration>",
        "expiry from now in hours, days or weeks: 12h, 30d, 8w",
      ).argParser(parseExpiresIn),
    )
    .option(
      "--daily-limit <n>",
      "generations a day through this key, within the account's quota",
      parseDailyLimit,
    )
    .option(
      "--force",
      "create it even though the user is not on the enterprise tier, or has all its keys",
    )
    .action(async (opts, command) =>
      emit(
        command,
        await keyCreate({
          email: opts.email,
          name: opts.name,
          expiresAt: opts.expires ?? opts.expiresIn ?? null,
          dailyLimit: opts.dailyLimit ?? null,
          force: opts.force === true,
        }),
      ),
    );
}
