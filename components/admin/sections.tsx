import type { Dashboard } from "@/lib/admin/dashboard";
import { CacheChart } from "./cache-chart";
import { ChartCard, Headline } from "./chart-card";
import { OutcomesChart } from "./outcomes-chart";
import { ProviderShareChart } from "./provider-share-chart";
import { QueueDepthChart } from "./queue-depth-chart";
import { QueueTable } from "./queue-table";
import { usd } from "./chart-style";
import { SpendChart } from "./spend-chart";

/**
 * The admin page's sections, one per loader of lib/admin/dashboard.ts, each on its own: a section
 * whose data failed to load says so and the others still show.
 */

const percent = (part: number, whole: number) =>
  whole > 0 ? `${Math.round((part / whole) * 100)}%` : "–";
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

export function OutcomesSection({
  result,
  window,
}: {
  result: Dashboard["outcomes"];
  window: string;
}) {
  const ended = result.ok ? result.data.totals.succeeded + result.data.totals.failed : 0;
  return (
    <ChartCard
      testId="admin-outcomes"
      title="Generations per hour"
      description={`By outcome, over ${window}.`}
      state={!result.ok ? "error" : ended > 0 ? "ready" : "empty"}
      empty="No generation has ended in this window yet."
      headline={
        result.ok && (
          <Headline
            value={percent(result.data.totals.succeeded, ended)}
            caption={`of ${count(ended, "generation")} succeeded`}
          />
        )
      }
    >
      {result.ok && <OutcomesChart data={result.data} />}
    </ChartCard>
  );
}

export function CacheSection({ result, window }: { result: Dashboard["cache"]; window: string }) {
  const requests = result.ok ? result.data.totals.hits + result.data.totals.misses : 0;
  return (
    <ChartCard
      testId="admin-cache"
      title="Cache hit ratio"
      description={`Requests answered from the cache (free) against those generated, over ${window}.`}
      state={!result.ok ? "error" : requests > 0 ? "ready" : "empty"}
      empty="No request has come in during this window yet."
      headline={
        result.ok && (
          <Headline
            value={percent(result.data.totals.hits, requests)}
            caption={`hits of ${count(requests, "request")}`}
          />
        )
      }
    >
      {result.ok && <CacheChart data={result.data} />}
    </ChartCard>
  );
}

export function ProvidersSection({
  result,
  window,
}: {
  result: Dashboard["providers"];
  window: string;
}) {
  const made = result.ok ? result.data.providers.reduce((n, p) => n + p.generations, 0) : 0;
  const top = result.ok ? result.data.providers[0] : undefined;
  return (
    <ChartCard
      testId="admin-providers"
      title="Provider share"
      description={`Which provider made the generations that succeeded, over ${window}.`}
      state={!result.ok ? "error" : made > 0 ? "ready" : "empty"}
      empty="No generation has succeeded in this window yet."
      headline={
        top && <Headline value={percent(top.generations, made)} caption={`by ${top.provider}`} />
      }
      footer={
        result.ok && (
          <p data-testid="admin-failovers" className="text-sm text-muted">
            {`${count(result.data.failovers, "generation")} needed more than one provider.`}
          </p>
        )
      }
    >
      {result.ok && <ProviderShareChart data={result.data} />}
    </ChartCard>
  );
}

export function QueuesSection({ result }: { result: Dashboard["queues"] }) {
  const waiting = result.ok ? result.data.lanes.reduce((n, l) => n + l.waiting, 0) : 0;
  return (
    <ChartCard
      testId="admin-queues"
      title="Queue depth now"
      description="Generation jobs waiting, by lane, highest priority first."
      state={result.ok ? "ready" : "error"}
      empty=""
      headline={<Headline value={String(waiting)} caption="waiting" />}
      footer={result.ok && <QueueTable queues={result.data.queues} />}
    >
      {result.ok && <QueueDepthChart data={result.data} />}
    </ChartCard>
  );
}

export function SpendSection({ result }: { result: Dashboard["spend"] }) {
  const data = result.ok ? result.data : undefined;
  return (
    <ChartCard
      testId="admin-spend"
      title="Spend this month"
      description="Provider spend per day (UTC) by provider, and the month so far against the monthly budget and its hard cap."
      state={!result.ok ? "error" : data!.totalUsd > 0 ? "ready" : "empty"}
      empty="Nothing has been spent on providers this month."
      headline={
        data && (
          <Headline
            value={usd(data.totalUsd)}
            caption={data.budget ? `of ${usd(data.budget.limitUsd)} budget` : "no budget set"}
          />
        )
      }
    >
      {data && <SpendChart data={data} />}
    </ChartCard>
  );
}

export function TopAccountsSection({ result }: { result: Dashboard["topAccounts"] }) {
  const accounts = result.ok ? result.data : [];
  return (
    <ChartCard
      testId="admin-top-accounts"
      title="Top accounts by spend today"
      description="What each account's generations cost at the providers today (UTC)."
      state={!result.ok ? "error" : accounts.length > 0 ? "ready" : "empty"}
      empty="No account has cost anything today."
    >
      <table className="w-full text-sm">
        <thead className="text-left text-muted">
          <tr>
            <th className="py-1.5 font-medium">Account</th>
            <th className="py-1.5 font-medium">Tier</th>
            <th className="py-1.5 text-right font-medium">Calls</th>
            <th className="py-1.5 text-right font-medium">Spend</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {accounts.map((a) => (
            <tr key={a.accountId} data-account={a.accountId}>
              <td className="max-w-0 truncate py-1.5 pr-2">{a.email ?? a.accountId}</td>
              <td className="py-1.5 pr-2">{a.tier}</td>
              <td className="py-1.5 text-right tabular-nums">{a.calls}</td>
              <td className="py-1.5 text-right tabular-nums">{usd(a.costUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ChartCard>
  );
}
