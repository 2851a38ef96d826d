import { env, EnvError } from "@/lib/env";
import { logger } from "@/lib/observability/log";

/**
 * Validates the environment now, so a bad setting stops the web server at boot with a message naming
 * the variable, instead of failing its first request. Next only logs errors thrown from
 * instrumentation and serves on, hence the explicit exit.
 */
export function validateEnvOrExit(): void {
  try {
    const { nodeEnv, origin } = env();
    if (nodeEnv === "production" && origin.appUrl === undefined) {
      logger("env").warn(
        `APP_URL is unset: absolute URLs name this machine (a loopback Host as asked, any other as ${origin.fallbackOrigin}), which clients elsewhere cannot reach. Set APP_URL to the public origin, e.g. https://likeness.example.com.`,
      );
    }
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    // The one message a person starting the app must read: plain text on stderr, not a log record.
    // eslint-disable-next-line no-console
    console.error(error.message);
    process.exit(1);
  }
}
