import { preflightResponse } from "./cors";
import { type ApiOptions, withApi } from "./with-api";

/** An OPTIONS handler answering CORS preflights for a route that accepts `methods`. */
export function preflight(methods: readonly string[], options: ApiOptions = {}) {
  return withApi(async (request) => preflightResponse(request, methods), options);
}
