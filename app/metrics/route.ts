// GET /metrics: this web process's Prometheus metrics (Authorization: Bearer METRICS_TOKEN when set).
import { env } from "@/lib/env";
import { metricsResponse } from "@/lib/observability/metrics-endpoint";
import { setProcessRole } from "@/lib/observability/metrics";
import { reportQueueDepth } from "@/lib/queue/depth";
import { reportBudgetUse } from "@/lib/spend/metrics";

export const dynamic = "force-dynamic";

setProcessRole("web");
reportQueueDepth();
reportBudgetUse();

export function GET(request: Request): Promise<Response> {
  return metricsResponse(request, env().metricsToken);
}
