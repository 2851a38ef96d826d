import {
  formatStatus,
  StackError,
  stackContext,
  ensureServices,
  startService,
  stopAll,
  stopService,
  serviceStatus,
  SERVICE_NAMES,
  parseServiceName,
  type ServiceName,
} from "./stack/index";

/**
 * CLI for the project's local services. Profile from LIKENESS_PROFILE (dev by default, or test).
 *
 *   tsx scripts/stack.ts up [--services pg,redis,s3,web,worker]   start (idempotent), wait, print status
 *   tsx scripts/stack.ts down                                     stop everything of the profile
 *   tsx scripts/stack.ts status                                   one line per service
 *   tsx scripts/stack.ts start <service> | stop <service>         one service (tests kill and restore them)
 */

const USAGE = `usage: tsx scripts/stack.ts <up [--services ${SERVICE_NAMES.join(",")}] | down | status | start <service> | stop <service>>
  profile: LIKENESS_PROFILE=dev|test (default dev)`;

function parseServices(list: string): ServiceName[] {
  return list
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => {
      const name = parseServiceName(s);
      if (name === undefined)
        throw new StackError(`unknown service "${s}" (known: ${SERVICE_NAMES.join(", ")})`);
      return name;
    });
}

// The AWS SDK prints an 8-line notice on every run under Node 20 (its 2027 releases will need Node 22).
// Known and tracked in ENVIRONMENT.md; in a status command it only buries the output. An explicit
// setting by the user wins. The app processes started from here inherit this.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// `stack.ts status | head -1` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

async function main(argv: string[]): Promise<number> {
  const ctx = stackContext();
  const [command, ...rest] = argv;
  switch (command) {
    case "up": {
      let services: ServiceName[] | undefined;
      for (let i = 0; i < rest.length; i++) {
        const arg = rest[i] ?? "";
        if (arg === "--services") services = parseServices(rest[++i] ?? "");
        else if (arg.startsWith("--services="))
          services = parseServices(arg.slice("--services=".length));
        else throw new StackError(`unexpected argument "${arg}"\n${USAGE}`);
      }
      const started = Date.now();
      const statuses = await ensureServices(services, ctx);
      for (const s of statuses) console.log(formatStatus(s));
      console.log(
        `stack ${ctx.stack.profile} up in ${((Date.now() - started) / 1000).toFixed(2)} s (data in ${ctx.stack.dataDir})`,
      );
      return 0;
    }
    case "down": {
      const stopped = await stopAll(ctx);
      const names = [...stopped].filter(([, was]) => was).map(([n]) => n);
      console.log(
        `stack ${ctx.stack.profile} down${names.length > 0 ? ` (stopped ${names.join(", ")})` : " (nothing was running)"}`,
      );
      return 0;
    }
    case "status": {
      for (const name of SERVICE_NAMES) console.log(formatStatus(serviceStatus(name, ctx)));
      return 0;
    }
    case "start":
    case "stop": {
      const [arg] = rest;
      const name = arg === undefined ? undefined : parseServiceName(arg);
      if (name === undefined || rest.length !== 1)
        throw new StackError(`${command} needs one service name\n${USAGE}`);
      if (command === "start") console.log(formatStatus(await startService(name, ctx)));
      else console.log(`${name} ${(await stopService(name, ctx)) ? "stopped" : "was not running"}`);
      return 0;
    }
    case "-h":
    case "--help":
    case "help":
      console.log(USAGE);
      return 0;
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // StackErrors carry their own advice; anything else is a bug worth a stack trace.
    console.error(err instanceof StackError ? `stack: ${err.message}` : err);
    process.exitCode = 1;
  },
);
