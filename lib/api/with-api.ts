import { randomUUID } from "node:crypto";
import { withLogContext } from "@/lib/observability/context";
import { recordHttp } from "@/lib/observability/metrics";
import { applyCors, type CorsPolicy, corsPolicyFor } from "./cors";
import { type ApiError, errorResponse, toApiError } from "./errors";
import { originVariesByHost, publicOrigin } from "./origin";
import { dialectOf, routePattern } from "./route-label";
import { logger } from "@/lib/observability/log";

const log = logger("api");

type RouteContext<P> = { params: Promise<P> };

export interface ApiContext<P> {
  params: P;
  requestId: string;
}

export interface ApiOptions {
  /** CORS for this route; by default from its path (lib/api/cors.ts), null for none. */
  cors?: CorsPolicy | null;
  /** Renders errors in another dialect's shape (the OpenAI-compatible routes); default: ours. */
  renderError?: (error: ApiError, requestId: string) => Response;
  /** The route's pattern for metrics; by default rebuilt from the path and params (route-label.ts). */
  route?: string;
}

/**
 * Wraps every route handler: gives the request an id, turns thrown errors into the one JSON error
 * shape, logs server-side failures (with the id the client sees) without leaking internals, and
 * adds the CORS headers of the public API, and counts the request in the metrics by route pattern.
 */
export function withApi<P = Record<string, never>>(
  handler: (request: Request, context: ApiContext<P>) => Promise<Response>,
  options: ApiOptions = {},
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const started = performance.now();
    const requestId = request.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
    let response: Response;
    let params: P | undefined;
    try {
      const resolved = await context.params;
      params = resolved;
      response = await withLogContext({ requestId }, () =>
        handler(request, { params: resolved, requestId }),
      );
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.status >= 500) {
        const where = {
          method: request.method,
          path: new URL(request.url).pathname,
          code: error.code,
        };
        // A refusal the product means to give (a spent budget) is news, not a failure to debug.
        if (error.code === "budget_exhausted") log.warn(where, "request refused");
        else log.error({ ...where, err: error.cause ?? thrown }, "request failed");
      }
      const headers = { ...(error.status === 503 ? { "Retry-After": "5" } : {}), ...error.headers };
      response =
        options.renderError?.(error, requestId) ??
        errorResponse(error, requestId, { origin: publicOrigin(request) });
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    }
    response.headers.set("X-Request-Id", requestId);
    // Absolute URLs in the answer name the loopback host it was sent to (lib/api/origin.ts).
    if (originVariesByHost()) response.headers.append("Vary", "Host");
    const cors =
      options.cors === undefined ? corsPolicyFor(new URL(request.url).pathname) : options.cors;
    if (cors) applyCors(request, response.headers, cors);
    // Time to the response head (a streamed body may still be flowing); benchmarks read it.
    const elapsed = performance.now() - started;
    if (!response.headers.has("Server-Timing")) {
      response.headers.set("Server-Timing", `app;dur=${elapsed.toFixed(1)}`);
    }
    const route =
      options.route ??
      routePattern(new URL(request.url).pathname, params as Record<string, string> | undefined);
    recordHttp({
      route,
      dialect: dialectOf(route),
      method: request.method,
      status: response.status,
      seconds: elapsed / 1000,
    });
    return response;
  };
}
