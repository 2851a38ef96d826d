import { createHash, timingSafeEqual } from "node:crypto";
import { metricsRegistry } from "./metrics";

/**
 * GET /metrics of any process (the web route, a worker's own server): the registry in Prometheus'
 * text format, behind `Authorization: Bearer <METRICS_TOKEN>` when a token is set.
 *
 * A missing or wrong token is a 401 with WWW-Authenticate rather than a 404: the path is no secret
 * (it is Prometheus' convention and in the README), and a scrape misconfigured this way shows up as
 * "401 Unauthorized" on Prometheus' targets page instead of a puzzling "not found".
 */
export async function metricsResponse(
  request: Pick<Request, "headers">,
  token: string | undefined,
): Promise<Response> {
  if (token !== undefined && !bearerMatches(request.headers.get("authorization"), token)) {
    return new Response("Unauthorized: send Authorization: Bearer <METRICS_TOKEN>\n", {
      status: 401,
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "WWW-Authenticate": 'Bearer realm="metrics"',
        "Cache-Control": "no-store",
      },
    });
  }
  const registry = metricsRegistry();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}

/** Compares digests, so the time taken says nothing about how much of the token was right. */
function bearerMatches(header: string | null, token: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1] ?? "";
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(presented), digest(token));
}
