import { randomUUID } from "node:crypto";
import { errorResponse, toApiError } from "./errors";

type RouteContext<P> = { params: Promise<P> };

export interface ApiContext<P> {
  params: P;
  requestId: string;
}

/**
 * Wraps every route handler: gives the request an id, turns thrown errors into the one JSON error
 * shape, and logs server-side failures (with the id the client sees) without leaking internals.
 * Identity and rate limits will plug in here too.
 */
export function withApi<P = Record<string, never>>(
  handler: (request: Request, context: ApiContext<P>) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const started = performance.now();
    const requestId = request.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
    let response: Response;
    try {
      response = await handler(request, { params: await context.params, requestId });
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.status >= 500) {
        const cause = error.cause ?? thrown;
        console.error(
          `[api] ${request.method} ${new URL(request.url).pathname} ${error.code} request_id=${requestId}`,
          cause,
        );
      }
      response = errorResponse(error, requestId, {
        ...(error.status === 503 ? { "Retry-After": "5" } : {}),
        ...error.headers,
      });
    }
    response.headers.set("X-Request-Id", requestId);
    // Time to the response head (a streamed body may still be flowing); benchmarks read it.
    if (!response.headers.has("Server-Timing")) {
      response.headers.set("Server-Timing", `app;dur=${(performance.now() - started).toFixed(1)}`);
    }
    return response;
  };
}
