// GET /api/health: readiness of the database, Redis and storage; 503 naming whatever is down.
import { docUrl } from "@/lib/api/error-codes";
import { absoluteUrl } from "@/lib/api/parse";
import { withApi } from "@/lib/api/with-api";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export const GET = withApi(async (request) => {
  const health = await checkHealth();
  const body =
    health.status === "ok"
      ? health
      : {
          ...health,
          error: {
            code: "service_unavailable",
            message: `Unavailable: ${health.down.join(", ")}.`,
            doc_url: absoluteUrl(docUrl("service_unavailable"), request),
          },
        };
  return Response.json(body, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
});
