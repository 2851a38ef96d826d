import { spawnSync } from "node:child_process";
import path from "node:path";
import {
  ensureServices,
  formatStatus,
  parseServiceName,
  SERVICE_NAMES,
  serviceStatuses,
  StackError,
  stackContext,
  startService,
  stopAll,
  stopService,
} from "./stack/index";
import { pm2Env } from "./stack/pm2";

/**
 * CLI for the project's local services. Profile from LIKENESS_PROFILE (dev by default, or test).
 *
 *   tsx scripts/stack.ts up [--services pg,redis,s3,web,worker]   start (idempotent), wait, print status
 *   tsx scripts/stack.ts down                                     stop everything of the profile
 *   tsx scripts/stack.ts status                                   one line per service
 *   tsx scripts/stack.ts start <service> | stop <service>         one service (tests kill and restore them)
 *   tsx scripts/stack.ts pm2 <args…>                              pm2's own CLI on this profile's daemon
 */

const USAGE = `usage: tsx scripts/stack.ts <up [--services ${SERVICE_NAMES.join(",")}] | down | status | start <service> | stop <service> | pm2 <args…>>
  profile: LIKENESS_PROFILE=dev|test (default dev); pm2 logs web, pm2 monit, … use the profile's daemon`;

function service(value: string | undefined): (typeof SERVICE_NAMES)[number] {
  const name = value === undefined ? undefined : parseServiceName(value.trim());
  if (name === undefined) throw new StackError(`unknown service "${value ?? ""}"\n${USAGE}`);
  return name;
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

async function main([command, ...rest]: string[]): Promise<number> {
  const ctx = stackContext();
  switch (command) {
    case "up": {
      const list = rest.join("=").match(/^--services=(.*)$/)?.[1];
      if (rest.length > 0 && list === undefined)
        throw new StackError(`unexpected argument "${rest.join(" ")}"\n${USAGE}`);
      const started = Date.now();
      const names = list
        ?.split(",")
        .filter((s) => s.trim() !== "")
        .map((s) => service(s));
      for (const s of await ensureServices(names, ctx)) console.log(formatStatus(s));
      const seconds = ((Date.now() - started) / 1000).toFixed(2);
      console.log(`stack ${ctx.stack.profile} up in ${seconds} s (data in ${ctx.stack.dataDir})`);
      return 0;
    }
    case "down": {
      const stopped = [...(await stopAll(ctx))].filter(([, was]) => was).map(([n]) => n);
      const what = stopped.length > 0 ? `stopped ${stopped.join(", ")}` : "nothing was running";
      console.log(`stack ${ctx.stack.profile} down (${what})`);
      return 0;
    }
    case "status":
      for (const s of await serviceStatuses(ctx)) console.log(formatStatus(s));
      return 0;
    case "start":
    case "stop": {
      if (rest.length !== 1) throw new StackError(`${command} needs one service name\n${USAGE}`);
      const name = service(rest[0]);
      if (command === "start") console.log(formatStatus(await startService(name, ctx)));
      else console.log(`${name} ${(await stopService(name, ctx)) ? "stopped" : "was not running"}`);
      return 0;
    }
    case "pm2": {
      const bin = path.join(ctx.root, "node_modules", "pm2", "bin", "pm2");
      const env = { ...process.env, ...pm2Env(ctx) };
      return spawnSync(process.execPath, [bin, ...rest], { stdio: "inherit", env }).status ?? 1;
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
