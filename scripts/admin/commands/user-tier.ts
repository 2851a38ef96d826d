import { Option } from "@commander-js/extra-typings";
import { updateAccountLimits } from "@/lib/account/profiles";
import { forgetTiers, limitsFor } from "@/lib/auth/tiers";
import type { TierId } from "@/lib/auth/types";
import { usageError } from "../errors";
import { ACCOUNT_TIERS, parseEmail, parseOverrides } from "../inputs";
import { accountByEmail, userNotFound } from "../require-account";
import { accountJson, describeAccount, emit, type Output } from "../output";
import type { AdminProgram } from "../program";

async function userTier(
  email: string,
  change: { tier?: TierId; overrides?: Record<string, unknown> },
): Promise<Output> {
  if (change.tier === undefined && change.overrides === undefined) {
    throw usageError("give --tier, --overrides or both");
  }
  const { id } = await accountByEmail(email);
  const changed = await updateAccountLimits(id, change);
  if (!changed) throw userNotFound(email); // deleted in the meantime
  const { before, after } = changed;
  forgetTiers();
  const limits = await limitsFor(after.tier, after.overrides);
  return {
    json: {
      user: accountJson(after),
      before: { tier: before.tier, overrides: before.overrides },
      limits,
    },
    text: [
      `updated  ${describeAccount(after)}`,
      `was      tier ${before.tier}, overrides ${JSON.stringify(before.overrides)}`,
      `limits   ${limits.dailyQuota}/day, ${limits.ratePerMinute}/min, ${limits.concurrentJobs} at once, ` +
        `models ${limits.allowedModels.join(", ")}, up to ${limits.maxSize} px, priority ${limits.queuePriority}`,
    ].join("\n"),
  };
}

export function addUserTier(program: AdminProgram): void {
  program
    .command("user:tier")
    .summary("Change a user's tier and/or their limit overrides")
    .description(
      "Sets the tier, the per-account overrides of the tier's limits, or both. --overrides " +
        "replaces the current overrides as a whole ('{}' clears them). Keys: daily_quota, " +
        "rate_per_minute, concurrent_jobs, queue_priority, allowed_models, max_size. Running " +
        "processes pick the change up on the user's next request.",
    )
    .requiredOption("--email <email>", "the user's email", parseEmail)
    .addOption(new Option("--tier <tier>", "the new tier").choices(ACCOUNT_TIERS))
    .option(
      "--overrides <json>",
      `limit overrides, e.g. '{"daily_quota":50000}' (replaces the current ones)`,
      parseOverrides,
    )
    .action(async (opts, command) =>
      emit(command, await userTier(opts.email, { tier: opts.tier, overrides: opts.overrides })),
    );
}
