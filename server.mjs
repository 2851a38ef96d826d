// @ts-check
// The web process: `next start` with one addition. Next tells a route handler nothing about the TCP
// connection (it only fills X-Forwarded-For from the socket when the client sent none, so that header
// is the client's to choose). This entry records the socket's peer address in a header of our own,
// replacing any copy a client sent, before Next sees the request; lib/auth/client-ip.ts reads it to
// count failed API keys and anonymous generations per client address.
//
//   node server.mjs [-p <port>] [-H <hostname>]     (what `npm start` and the e2e tests run)
//
// Plain JavaScript, so it runs on Node as is: no TypeScript loader in the request path.
import { createServer } from "node:http";
import { parseArgs } from "node:util";

/** Keep in step with PEER_ADDRESS_HEADER in lib/auth/client-ip.ts (a unit test compares them). */
const PEER_ADDRESS_HEADER = "x-likeness-peer-address";

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p" },
    hostname: { type: "string", short: "H" },
  },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
// Unset, like `next start`: every interface.
const hostname = values.hostname;

// As `next start` does: a production server unless told otherwise, set before Next loads.
process.env.NODE_ENV ??= "production";
const { default: next } = await import("next");

const app = next({ dev: false, hostname: hostname ?? "localhost", port });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((req, res) => {
  // An assignment, not an append: whatever a client sent under this name is gone.
  req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
  handle(req, res).catch((/** @type {unknown} */ error) => {
    process.stderr.write(`request ${req.url} failed: ${String(error)}\n`);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});

server.on("error", (error) => {
  process.stderr.write(`web server: ${error.message}\n`);
  process.exit(1);
});
server.listen(port, hostname, () => {
  process.stdout.write(`▲ Likeness web ready on http://${hostname ?? "localhost"}:${port}\n`);
});

for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.on(signal, () => {
    server.close();
    void app.close().finally(() => process.exit(0));
  });
}
