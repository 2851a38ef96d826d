import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { TierBadge } from "@/components/auth/tier-badge";
import { ApiError } from "@/lib/api/errors";
import { currentUser, type CurrentUser } from "@/lib/auth/identity";
import { env } from "@/lib/env";
import { SignInLink } from "./sign-in-link";

/**
 * The header's account corner: "Sign in", or the signed-in email, tier, "Admin" for administrators
 * and "Sign out". Rendered on the server from the session cookie, so it is right on the first paint.
 */
export async function UserMenu() {
  let user: CurrentUser | null;
  try {
    user = await currentUser();
  } catch (error) {
    // With the database down the tier is unknown: leave the corner empty rather than fail the page.
    if (error instanceof ApiError && error.code === "service_unavailable") return null;
    throw error;
  }

  if (!user) {
    if (env().auth.mode === "off") return null;
    return <SignInLink />;
  }

  const label = user.email ?? "Your account";
  return (
    <>
      {/* Phones: the initial opens a small panel, so the header keeps to one row. */}
      <details data-testid="user-menu-compact" className="group relative md:hidden">
        <summary
          aria-label={`Account: ${label}`}
          className="grid size-8 cursor-pointer list-none place-items-center rounded-full bg-accent-soft text-sm font-semibold text-accent uppercase focus-visible:outline-2 focus-visible:outline-accent [&::-webkit-details-marker]:hidden"
        >
          {label.charAt(0)}
        </summary>
        <div className="absolute right-0 mt-2 w-64 space-y-3 rounded-2xl border border-border bg-surface p-4 shadow-lg">
          <p className="text-sm break-all">{label}</p>
          <TierBadge tier={user.tier} />
          {/* A full load, not a client navigation: that closes this panel behind it. */}
          {user.isAdmin && (
            <a
              href="/admin"
              data-testid="admin-link-compact"
              className="block text-sm font-medium text-accent hover:underline"
            >
              Admin
            </a>
          )}
          <SignOutButton testId="signout-compact" className="-ml-3" />
        </div>
      </details>
      <div data-testid="user-menu" className="hidden items-center gap-2 md:flex">
        <span
          data-testid="user-email"
          title={label}
          className="max-w-[16rem] truncate text-sm text-muted"
        >
          {label}
        </span>
        <TierBadge tier={user.tier} />
        {user.isAdmin && (
          <Link
            href="/admin"
            data-testid="admin-link"
            className="rounded-full px-2 text-sm font-medium text-accent hover:underline focus-visible:outline-2 focus-visible:outline-accent"
          >
            Admin
          </Link>
        )}
        <SignOutButton />
      </div>
    </>
  );
}
