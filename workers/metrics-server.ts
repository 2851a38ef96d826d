import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { metricsResponse } from "@/lib/observability/metrics-endpoint";

/**
 * A worker's own GET /metrics (Prometheus scrapes each worker process), on WORKER_METRICS_PORT on
 * every interface, behind the same METRICS_TOKEN as the web's. Port 0 takes any free port, so
 * several workers on one machine need no port plan; the chosen one is returned for the log.
 */
export async function startMetricsServer(
  port: number,
  token: string | undefined,
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    const headers = new Headers();
    if (req.headers.authorization) headers.set("authorization", req.headers.authorization);
    void metricsResponse({ headers }, token).then(
      async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(req.method === "HEAD" ? undefined : await response.text());
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
