// npm run admin -- <command> [options]: accounts, tiers, API keys and quota usage, for operators.
//
// Talks to DATABASE_URL (default: the local PostgreSQL) as the server does. New users are made in the
// local stand-in auth.users table, or through Supabase Auth's admin API when NEXT_PUBLIC_SUPABASE_URL
// and SUPABASE_SERVICE_ROLE_KEY are set (DATABASE_URL must then be that project's database, where
// the sign-up trigger creates the profile). Human-readable output by default; --json prints one JSON
// document on stdout, and on failure {"error": {"code", "message"}} on stderr.
//
// Exit codes: 0 done (also when there was nothing to do, e.g. the user already existed), 1 refused
// or failed (unknown user or key, database unreachable), 2 usage error (unknown command or option,
// bad value). One file per command in commands/.
import { CommanderError } from "@commander-js/extra-typings";
import { closeDb } from "@/lib/db";
import { closeRedis } from "@/lib/redis";
import { toCliError } from "./errors";
import { report } from "./output";
import { adminProgram } from "./program";

async function main(argv: string[]): Promise<number> {
  // Known before parsing, so that a parse error can already be reported as JSON.
  const json = argv.includes("--json");
  try {
    await adminProgram({ json }).parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    // --help and `help <command>` end as a CommanderError too, with exit code 0.
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    const failure = toCliError(error);
    // Commander has printed its own parse errors (and the help, for a missing command) as text.
    if (error instanceof CommanderError && !json) return failure.exitCode;
    return report(failure, json);
  }
}

// Every connection a command opened is closed, or the process would not exit: the database pool, and
// the Redis client of a command that tells the running app (budget:set bumps the budgets' version).
process.exitCode = await main(process.argv.slice(2)).finally(() =>
  Promise.all([closeDb().catch(() => undefined), closeRedis().catch(() => undefined)]),
);
