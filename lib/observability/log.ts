import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { logContext } from "./context";

/**
 * Structured logs for the web and worker processes: JSON lines in production (NODE_ENV=production,
 * which `npm start` and the tests use), human-readable in development, or as LOG_FORMAT says. Every
 * line carries the request, job and generation it belongs to (lib/observability/context.ts).
 *
 * Read from process.env rather than lib/env.ts: the logger must work while the environment is
 * being validated (and failing), and these two settings cannot be wrong in a harmful way.
 */
const globalForLog = globalThis as typeof globalThis & { likenessLog?: Logger };

/** Never written out, wherever they appear in a logged object. */
const REDACT = [
  "authorization",
  "cookie",
  "token",
  "key",
  "secret",
  "password",
  "*.authorization",
  "*.cookie",
  "*.token",
  "*.key",
  "*.secret",
  "*.password",
  "headers.authorization",
  "headers.cookie",
];

function create(): Logger {
  const format =
    process.env.LOG_FORMAT ?? (process.env.NODE_ENV === "production" ? "json" : "pretty");
  const options: pino.LoggerOptions = {
    level: process.env.LOG_LEVEL ?? "info",
    base: { pid: process.pid },
    redact: { paths: REDACT, censor: "[redacted]" },
    mixin: () => ({ ...logContext() }),
    serializers: { err: pino.stdSerializers.err },
  };
  // Through process.stdout, in this thread: a transport's worker thread does not survive Next's
  // server bundling, and tests can read what was logged.
  return format === "pretty"
    ? pino(
        options,
        pretty({
          colorize: process.stdout.isTTY,
          sync: true,
          ignore: "pid,hostname",
          destination: process.stdout,
        }),
      )
    : pino(options, process.stdout);
}

/** The process's logger, named for the part of the app that logs (`logger("worker")`). */
export function logger(component: string): Logger {
  globalForLog.likenessLog ??= create();
  return globalForLog.likenessLog.child({ component });
}
