import { env, EnvError } from "@/lib/env";

/**
 * Validates the environment now, so a bad setting stops the web server at boot with a message naming
 * the variable, instead of failing its first request. Next only logs errors thrown from
 * instrumentation and serves on, hence the explicit exit.
 */
export function validateEnvOrExit(): void {
  try {
    env();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    // The one message a person starting the app must read: plain text on stderr, not a log record.
    // eslint-disable-next-line no-console
    console.error(error.message);
    process.exit(1);
  }
}
