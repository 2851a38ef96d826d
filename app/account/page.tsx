import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AccountHistory } from "@/components/account/account-history";
import { ApiKeys } from "@/components/account/api-keys";
import { PlanSection } from "@/components/account/plan-section";
import { UpgradeSection } from "@/components/account/upgrade-section";
import { listHistory } from "@/lib/account/history";
import { listKeys, usageSplit } from "@/lib/account/keys";
import { allTiers, limitsView } from "@/lib/account/limits";
import type { AccountView } from "@/lib/account/types";
import { currentUser } from "@/lib/auth/identity";
import { loadProfile } from "@/lib/auth/session";
import { subjectFor } from "@/lib/auth/types";

export const metadata: Metadata = {
  title: "Your account",
  description: "Your tier, today's usage, your generations and your API keys.",
  robots: { index: false },
};

export default async function AccountPage() {
  await connection();
  const user = await currentUser();
  if (!user) redirect("/signin?next=/account");
  // currentUser has the tier; the limits also need the account's overrides.
  const profile = await loadProfile(user.id);
  if (!profile) redirect("/signin?next=/account");

  const enterprise = profile.tier === "enterprise";
  const [limits, history, tiers, keys] = await Promise.all([
    limitsView({
      kind: "user",
      subject: subjectFor.user(profile.id),
      tier: profile.tier,
      overrides: profile.overrides,
    }),
    listHistory(profile.id),
    allTiers(),
    enterprise ? listKeys(profile.id) : Promise.resolve(null),
  ]);
  const view: AccountView = {
    ...limits,
    account: { id: profile.id, email: profile.email },
    usage_split: keys ? usageSplit(limits.usage.used, keys) : null,
  };

  return (
    <div className="mx-auto max-w-6xl space-y-12 px-4 py-8 sm:px-6 sm:py-10">
      <header className="space-y-1.5">
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Your account</h1>
        <p className="break-all text-muted">
          {profile.email ? <>Signed in as {profile.email}</> : "Signed in"}
        </p>
      </header>
      <PlanSection view={view} />
      <AccountHistory initial={history} />
      {keys && <ApiKeys initial={keys} />}
      <UpgradeSection tiers={tiers} current={profile.tier} email={profile.email} />
    </div>
  );
}
