import type { TierId, TierLimits } from "@/lib/auth/types";
import { formatCount } from "@/lib/account/format";
import { modelName } from "@/lib/catalog/models";

const EXTRAS: Partial<Record<TierId, string>> = {
  anonymous: "No account needed",
  free: "History of your generations",
  premium: "Priority lane",
  enterprise: "Priority lane, API keys",
};

/**
 * What each tier allows, and, honestly, how to move up: there is no checkout, so the way to Premium
 * or Enterprise is to ask the people who run the site, who change the account's tier.
 */
export function UpgradeSection({
  tiers,
  current,
  email,
}: {
  tiers: TierLimits[];
  current: TierId;
  email: string | null;
}) {
  return (
    <section
      id="upgrade"
      data-testid="account-upgrade"
      aria-labelledby="account-upgrade-title"
      className="scroll-mt-20 space-y-4"
    >
      <div className="space-y-1">
        <h2 id="account-upgrade-title" className="text-xl font-semibold tracking-tight">
          Tiers and upgrades
        </h2>
        <p className="max-w-3xl text-sm text-muted">
          Quotas count generations per day and reset at midnight UTC. Avatars someone already made
          (cache hits) and everything in the gallery are always free.
        </p>
      </div>

      <div className="overflow-x-auto rounded-3xl border border-border bg-surface">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">What each tier allows</caption>
          <thead className="border-b border-border text-xs text-muted">
            <tr>
              <th scope="col" className="px-3 py-3 font-medium sm:px-4">
                Tier
              </th>
              <th scope="col" className="px-3 py-3 font-medium sm:px-4">
                Per day
              </th>
              <th scope="col" className="px-3 py-3 font-medium sm:px-4">
                Largest size
              </th>
              <th scope="col" className="px-3 py-3 font-medium sm:px-4">
                Models
              </th>
              <th scope="col" className="hidden px-4 py-3 font-medium sm:table-cell">
                Also
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {tiers.map((tier) => {
              const mine = tier.id === current;
              return (
                <tr
                  key={tier.id}
                  data-tier={tier.id}
                  aria-current={mine ? "true" : undefined}
                  className={mine ? "bg-accent-soft/60" : ""}
                >
                  <th scope="row" className="px-3 py-3 font-semibold sm:px-4">
                    {tier.name}
                    {mine && <span className="ml-2 text-xs font-normal text-accent">(yours)</span>}
                  </th>
                  <td className="px-3 py-3 tabular-nums sm:px-4">{formatCount(tier.dailyQuota)}</td>
                  <td className="px-3 py-3 tabular-nums sm:px-4">{tier.maxSize} px</td>
                  <td className="px-3 py-3 sm:px-4">
                    {tier.allowedModels.map(modelName).join(", ")}
                  </td>
                  <td className="hidden px-4 py-3 text-muted sm:table-cell">{EXTRAS[tier.id]}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div className="space-y-2 rounded-3xl bg-surface-2 p-5 text-sm leading-relaxed">
        <h3 className="font-semibold">How to get Premium or Enterprise</h3>
        <p>
          Likeness does not sell plans online: there is no checkout and nothing to pay here. Premium
          and Enterprise are switched on for an account by the people who run this site. To ask for
          one, contact them from your account’s email address
          {email ? (
            <>
              {" "}
              (<span className="font-medium break-all">{email}</span>)
            </>
          ) : null}
          , and say which tier you need and what for. Once they change your account, the new limits
          apply from your next request.
        </p>
        {current === "enterprise" && (
          <p className="text-muted">
            You’re on the top tier. If you need a larger quota still, they can raise your account’s
            limits individually.
          </p>
        )}
      </div>
    </section>
  );
}
