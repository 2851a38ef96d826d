import { CommanderError } from "@commander-js/extra-typings";
import { ApiError } from "@/lib/api/errors";
import { ApiKeyError } from "@/lib/auth/api-keys";
import { AuthAdminError } from "@/lib/auth/users";
import { isConnectionError } from "@/lib/db";
import { EnvError } from "@/lib/env";

/** What the CLI reports: a code for --json callers, and the exit code (1 refused or failed, 2 usage). */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError("usage", message, 2);

/** Every failure as a CliError: commander's parse errors are usage errors, lib's errors keep a code. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof CommanderError) {
    const message =
      error.code === "commander.help"
        ? "give a command (npm run admin -- --help lists them)"
        : error.message.replace(/^error: /, "");
    return usageError(message);
  }
  if (error instanceof ApiKeyError && error.code === "too_many_keys") {
    return new CliError(error.code, `${error.message} (--force creates it anyway).`);
  }
  if (error instanceof ApiKeyError) return new CliError(error.code, error.message);
  if (error instanceof AuthAdminError) return new CliError("supabase_error", error.message);
  if (error instanceof EnvError) return new CliError("invalid_environment", error.message);
  if (
    (error instanceof ApiError && error.code === "service_unavailable") ||
    isConnectionError(error)
  ) {
    const cause = error instanceof ApiError && error.cause instanceof Error ? error.cause : error;
    return new CliError(
      "database_unavailable",
      `The database is unreachable (${(cause as Error).message}). Is DATABASE_URL right, or the local stack running (npm run stack -- up)?`,
    );
  }
  return new CliError("failed", error instanceof Error ? error.message : String(error));
}
