import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { CacheChart } from "@/components/admin/cache-chart";
import { ChartCard, Headline } from "@/components/admin/chart-card";
import { OutcomesChart } from "@/components/admin/outcomes-chart";
import { ProviderShareChart } from "@/components/admin/provider-share-chart";
import { QueueTable } from "@/components/admin/queue-table";
import { QueueDepthChart } from "@/components/admin/queue-depth-chart";
import { buttonClasses } from "@/components/ui/button";
import { DASHBOARD_HOURS, loadDashboard } from "@/lib/admin/dashboard";
import { currentUser } from "@/lib/auth/identity";

export const metadata: Metadata = { title: "Operations", robots: { index: false } };

const percent = (part: number, whole: number) =>
  whole > 0 ? `${Math.round((part / whole) * 100)}%` : "–";

/** Signed-in administrators only; to anyone else it is the site's ordinary 404 page. */
async function isAdmin(): Promise<boolean> {
  try {
    return (await currentUser())?.isAdmin === true;
  } catch {
    return false;
  }
}

export default async function AdminPage() {
  await connection();
  if (!(await isAdmin())) notFound();
  const { outcomes, cache, providers, queues, generatedAt } = await loadDashboard();
  const window = `the last ${DASHBOARD_HOURS} hours (UTC)`;

  return (
    <div className="mx-auto max-w-7xl space-y-8 px-4 py-8 sm:px-6 sm:py-10">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-1.5">
          <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Operations</h1>
          <p className="text-sm text-muted">
            As of <time dateTime={generatedAt}>{generatedAt.slice(11, 16)} UTC</time>. Live series
            are on each process&apos;s <code className="font-mono">/metrics</code>.
          </p>
        </div>
        <Link href="/admin/queues" prefetch={false} className={buttonClasses("secondary")}>
          Queue dashboard
        </Link>
      </header>

      {/* Spend per day against the budget, the top accounts by spend and the budget banner go here. */}

      <div className="grid gap-6 lg:grid-cols-2">
        <ChartCard
          testId="admin-outcomes"
          title="Generations per hour"
          description={`By outcome, over ${window}.`}
          state={
            !outcomes.ok
              ? "error"
              : outcomes.data.totals.succeeded + outcomes.data.totals.failed > 0
                ? "ready"
                : "empty"
          }
          empty="No generation has ended in this window yet."
          headline={
            outcomes.ok && (
              <Headline
                value={percent(
                  outcomes.data.totals.succeeded,
                  outcomes.data.totals.succeeded + outcomes.data.totals.failed,
                )}
                caption={`of ${outcomes.data.totals.succeeded + outcomes.data.totals.failed} succeeded`}
              />
            )
          }
        >
          {outcomes.ok && <OutcomesChart data={outcomes.data} />}
        </ChartCard>

        <ChartCard
          testId="admin-cache"
          title="Cache hit ratio"
          description={`Requests answered from the cache (free) against those generated, over ${window}.`}
          state={
            !cache.ok
              ? "error"
              : cache.data.totals.hits + cache.data.totals.misses > 0
                ? "ready"
                : "empty"
          }
          empty="No request has come in during this window yet."
          headline={
            cache.ok && (
              <Headline
                value={percent(
                  cache.data.totals.hits,
                  cache.data.totals.hits + cache.data.totals.misses,
                )}
                caption={`hits of ${cache.data.totals.hits + cache.data.totals.misses} requests`}
              />
            )
          }
        >
          {cache.ok && <CacheChart data={cache.data} />}
        </ChartCard>

        <ChartCard
          testId="admin-providers"
          title="Provider share"
          description={`Which provider made the generations that succeeded, over ${window}.`}
          state={!providers.ok ? "error" : providers.data.providers.length > 0 ? "ready" : "empty"}
          empty="No generation has succeeded in this window yet."
          headline={
            providers.ok &&
            providers.data.providers[0] && (
              <Headline
                value={percent(
                  providers.data.providers[0].generations,
                  providers.data.providers.reduce((n, p) => n + p.generations, 0),
                )}
                caption={`by ${providers.data.providers[0].provider}`}
              />
            )
          }
          footer={
            providers.ok && (
              <p data-testid="admin-failovers" className="text-sm text-muted">
                {providers.data.failovers === null
                  ? "Failovers: counted per worker in likeness_provider_failovers_total; shown here once every provider call is recorded."
                  : `${providers.data.failovers} generations needed more than one provider.`}
              </p>
            )
          }
        >
          {providers.ok && <ProviderShareChart data={providers.data} />}
        </ChartCard>

        <ChartCard
          testId="admin-queues"
          title="Queue depth now"
          description="Generation jobs waiting, by lane, highest priority first."
          state={!queues.ok ? "error" : "ready"}
          empty=""
          headline={
            queues.ok && (
              <Headline
                value={String(queues.data.lanes.reduce((n, l) => n + l.waiting, 0))}
                caption="waiting"
              />
            )
          }
          footer={queues.ok && <QueueTable queues={queues.data.queues} />}
        >
          {queues.ok && <QueueDepthChart data={queues.data} />}
        </ChartCard>
      </div>
    </div>
  );
}
