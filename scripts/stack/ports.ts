import { execFile } from "node:child_process";
import net from "node:net";
import { promisify } from "node:util";
import { StackError, type StackContext } from "./context";

/**
 * True when nothing listens on 127.0.0.1:port. Tested by binding, not connecting: a listener on 0.0.0.0
 * or a dual-stack [::] also blocks our loopback bind, and a bind test does not disturb the other
 * program the way a stray connection might.
 */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** "python3 (pid 1234)" from `ss`, when it can tell (it cannot see other users' processes unless root). */
export async function portOwner(port: number): Promise<string | undefined> {
  const res = await promisify(execFile)("ss", ["-H", "-ltnp", `sport = :${port}`]).catch(
    () => undefined,
  );
  const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(res?.stdout ?? "");
  return match ? `${match[1]} (pid ${match[2]})` : undefined;
}

/** The env var that moves each service to another port, named in the error so the fix is one line. */
export const PORT_ENV_VARS = {
  pg: "LIKENESS_PG_PORT",
  redis: "LIKENESS_REDIS_PORT",
  s3: "LIKENESS_S3_PORT",
  web: "PORT",
} as const;

/**
 * Called only when pm2 runs no such service of ours, so anything on the port is a foreign program: fail now with a clear message rather than let the service die with a bind error
 * buried in its log (or, worse, let clients talk to the wrong server).
 */
export async function assertPortFree(
  service: keyof typeof PORT_ENV_VARS,
  port: number,
  ctx: StackContext,
): Promise<void> {
  if (await isPortFree(port)) return;
  const owner = await portOwner(port);
  const envVar = PORT_ENV_VARS[service];
  throw new StackError(
    `port ${port} for ${service} (profile ${ctx.stack.profile}) is already in use` +
      `${owner === undefined ? "" : ` by ${owner}`}, and it is not this project's ${service}.\n` +
      `  Stop that program, or choose another port, e.g. ${envVar}=${port + 1} (set it for every command of this profile).`,
  );
}
