import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import {
  CacheSection,
  OutcomesSection,
  ProvidersSection,
  QueuesSection,
  SpendSection,
  TopAccountsSection,
} from "@/components/admin/sections";
import { BudgetBanner } from "@/components/admin/budget-banner";
import { buttonClasses } from "@/components/ui/button";
import { DASHBOARD_HOURS, loadDashboard } from "@/lib/admin/dashboard";
import { currentUser } from "@/lib/auth/identity";

/**
 * Signed-in administrators only; to anyone else this is the site's ordinary 404 page, title
 * included (so the metadata checks too). currentUser is cached per request: one lookup for both.
 */
async function requireAdmin(): Promise<void> {
  let admin = false;
  try {
    admin = (await currentUser())?.isAdmin === true;
  } catch {
    // The database is down: the page stays hidden rather than erroring differently for admins.
  }
  if (!admin) notFound();
}

export async function generateMetadata(): Promise<Metadata> {
  await requireAdmin();
  return { title: "Operations", robots: { index: false } };
}

export default async function AdminPage() {
  await connection();
  await requireAdmin();
  const dashboard = await loadDashboard();
  const window = `the last ${DASHBOARD_HOURS} hours (UTC)`;

  return (
    <div className="mx-auto max-w-7xl space-y-8 px-4 py-8 sm:px-6 sm:py-10">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-1.5">
          <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Operations</h1>
          <p className="text-sm text-muted">
            As of{" "}
            <time dateTime={dashboard.generatedAt}>{dashboard.generatedAt.slice(11, 16)} UTC</time>.
            Live series are on each process&apos;s <code className="font-mono">/metrics</code>.
          </p>
        </div>
        <Link href="/admin/queues" prefetch={false} className={buttonClasses("secondary")}>
          Queue dashboard
        </Link>
      </header>

      {dashboard.alerts.ok && <BudgetBanner alerts={dashboard.alerts.data} />}

      <div className="grid gap-6 lg:grid-cols-2">
        <SpendSection result={dashboard.spend} />
        <TopAccountsSection result={dashboard.topAccounts} />
        <OutcomesSection result={dashboard.outcomes} window={window} />
        <CacheSection result={dashboard.cache} window={window} />
        <ProvidersSection result={dashboard.providers} window={window} />
        <QueuesSection result={dashboard.queues} />
      </div>
    </div>
  );
}
