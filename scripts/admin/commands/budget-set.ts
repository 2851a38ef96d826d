import { InvalidArgumentError, Option } from "@commander-js/extra-typings";
import { type Budget, setBudget } from "@/lib/spend/budgets";
import { parseEmail } from "../inputs";
import { accountByEmail } from "../require-account";
import { emit, type Output } from "../output";
import type { AdminProgram } from "../program";

/**
 * A dollar amount, or "none" to remove it. Not null for none: commander stores an option whose
 * parser returned null as "".
 */
function parseUsd(value: string): number | "none" {
  if (value === "none") return "none";
  const usd = value.trim() === "" ? NaN : Number(value);
  if (!Number.isFinite(usd) || usd < 0) {
    throw new InvalidArgumentError("A dollar amount, e.g. 500 or 0.25, or none.");
  }
  return usd;
}

const orNull = (usd: number | "none"): number | null => (usd === "none" ? null : usd);

function describe(budget: Budget | null, who: string, period: string): string {
  if (!budget) return `removed the ${period}ly budget of ${who}`;
  const cap = budget.scope === "global" ? `, hard cap $${budget.hardCapUsd.toFixed(2)}` : "";
  return `${who}: $${budget.limitUsd.toFixed(2)} a ${period}${cap}`;
}

async function budgetSet(opts: {
  email?: string;
  period: "month" | "day";
  usd: number | "none";
  hardCap?: number | "none";
}): Promise<Output> {
  const account = opts.email ? await accountByEmail(opts.email) : null;
  const budget = await setBudget({
    accountId: account?.id ?? null,
    period: opts.period,
    limitUsd: orNull(opts.usd),
    hardCapUsd: opts.hardCap === undefined ? undefined : orNull(opts.hardCap),
  });
  const who = account ? (account.email ?? account.id) : "the whole service";
  const configured = account ? undefined : configuredBudgetVariable(opts.period);
  return {
    json: {
      budget: budget && {
        scope: budget.scope,
        account_id: budget.accountId,
        period: budget.period,
        limit_usd: budget.limitUsd,
        hard_cap_usd: budget.scope === "global" ? budget.hardCapUsd : null,
      },
    },
    text: describe(budget, who, opts.period),
    ...(configured && {
      warning: `${configured} is set in this environment: the web and workers apply it again when they start, replacing this change.`,
    }),
  };
}

/** The environment variable that also sets the service's budget of this period, when set. */
function configuredBudgetVariable(period: "month" | "day"): string | undefined {
  const name = period === "month" ? "BUDGET_MONTHLY_USD" : "BUDGET_DAILY_USD";
  return process.env[name] ? name : undefined;
}

export function addBudgetSet(program: AdminProgram): void {
  program
    .command("budget:set")
    .summary("Set the service's spend budget, or an account's (--email)")
    .description(
      "Sets a spend budget in US dollars for a calendar month or day (UTC). Without --email it is " +
        "the whole service's: past it, anonymous and free requests get the built-in generator, and " +
        "past its hard cap (default 120%) premium and enterprise are refused too. With --email it " +
        "is that account's: past it the account is refused (402). `none` removes it. Alerts fire " +
        "at 50, 80 and 100% of every budget.",
    )
    .requiredOption("--usd <amount>", "the budget in US dollars, or none", parseUsd)
    .addOption(
      new Option("--period <period>", "month or day")
        .choices(["month", "day"] as const)
        .default("month" as const),
    )
    .option("--email <email>", "an account's budget instead of the service's", parseEmail)
    .option("--hard-cap <amount>", "the service's hard cap in US dollars (default 120%)", parseUsd)
    .action(async (opts, command) => emit(command, await budgetSet(opts)));
}
