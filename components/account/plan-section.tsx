import Link from "next/link";
import { formatCount, usageLabel } from "@/lib/account/format";
import { modelName } from "@/lib/catalog/models";
import type { AccountView, UsageSplitView } from "@/lib/account/types";
import { ResetTime } from "./time";

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="rounded-2xl bg-surface-2 px-4 py-3">
      <dt className="text-xs text-muted">{term}</dt>
      <dd className="mt-0.5 font-medium">{children}</dd>
    </div>
  );
}

/** Where today's generations came from: the session here, and each API key (with its own limit). */
function UsageSplit({ split }: { split: UsageSplitView }) {
  return (
    <div data-testid="account-usage-split" className="space-y-1.5 text-sm">
      <p className="text-muted">Your whole account shares this quota, split today as:</p>
      <ul className="divide-y divide-border rounded-2xl bg-surface-2 px-4">
        <li className="flex items-baseline justify-between gap-3 py-2">
          <span>Signed in here</span>
          <span className="tabular-nums" data-testid="account-usage-session">
            {formatCount(split.session)}
          </span>
        </li>
        {split.keys.map((key) => (
          <li
            key={key.id}
            data-testid="account-usage-key"
            data-key-id={key.id}
            className="flex items-baseline justify-between gap-3 py-2"
          >
            <span className="min-w-0 break-all">
              {key.name}{" "}
              <code className="rounded-md bg-surface px-1.5 py-0.5 font-mono text-xs">
                {key.prefix}…
              </code>
            </span>
            <span className="shrink-0 tabular-nums">
              {formatCount(key.used)}
              {key.daily_limit !== null && (
                <span className="text-muted"> of {formatCount(key.daily_limit)}</span>
              )}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The user's tier, what it allows, and today's usage as a meter with the reset time. */
export function PlanSection({ view }: { view: AccountView }) {
  const { limits, usage } = view;
  const percent =
    limits.daily_quota > 0
      ? Math.min(100, Math.round((usage.used / limits.daily_quota) * 100))
      : 100;
  const spent = usage.remaining === 0;
  return (
    <section
      data-testid="account-plan"
      data-tier={view.tier.id}
      aria-labelledby="account-plan-title"
      className="space-y-5 rounded-3xl border border-border bg-surface p-5 sm:p-6"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="account-plan-title" className="text-xl font-semibold tracking-tight">
          {view.tier.name} tier
        </h2>
        {view.upgrade && (
          <Link href="#upgrade" className="text-sm font-medium text-accent hover:underline">
            How to get {view.upgrade.name}
          </Link>
        )}
      </div>

      <div className="space-y-2">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <p id="account-usage-label" className="font-medium">
            {usageLabel(usage.used, limits.daily_quota)}
          </p>
          <p className={`text-sm ${spent ? "font-medium text-danger" : "text-muted"}`}>
            {spent ? "None left today" : `${formatCount(usage.remaining)} left`}
          </p>
        </div>
        <div
          role="progressbar"
          data-testid="account-usage"
          aria-labelledby="account-usage-label"
          aria-valuemin={0}
          aria-valuemax={limits.daily_quota}
          aria-valuenow={Math.min(usage.used, limits.daily_quota)}
          aria-valuetext={`${usageLabel(usage.used, limits.daily_quota)}, ${formatCount(usage.remaining)} left`}
          className="h-3 overflow-hidden rounded-full bg-surface-2"
        >
          <div
            className={`h-full rounded-full ${spent ? "bg-danger" : "bg-accent"}`}
            style={{ width: `${percent}%` }}
          />
        </div>
        <p className="text-sm text-muted">
          Resets at <ResetTime at={view.resets_at} testId="account-reset" />. Cache hits (an avatar
          someone already made) are free and don’t count.
        </p>
        {view.usage_split && <UsageSplit split={view.usage_split} />}
      </div>

      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
        <Fact term="Per day">{formatCount(limits.daily_quota)} generations</Fact>
        <Fact term="Largest size">
          {limits.max_size} × {limits.max_size} px
        </Fact>
        <Fact term="Models">{limits.allowed_models.map(modelName).join(", ")}</Fact>
        <Fact term="Queue">{limits.priority ? "Priority lane" : "Standard"}</Fact>
      </dl>
      <p className="text-xs text-muted">
        Also: up to {formatCount(limits.rate_per_minute)} requests a minute and{" "}
        {formatCount(limits.concurrent_jobs)}{" "}
        {limits.concurrent_jobs === 1 ? "generation" : "generations"} at a time.
      </p>
    </section>
  );
}
