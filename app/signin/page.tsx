import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { LocalSignIn } from "@/components/auth/local-sign-in";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { SupabaseSignIn } from "@/components/auth/supabase-sign-in";
import { TierBadge } from "@/components/auth/tier-badge";
import { buttonClasses } from "@/components/ui/button";
import { ApiError } from "@/lib/api/errors";
import { currentUser, type CurrentUser } from "@/lib/auth/identity";
import { safeNextPath } from "@/lib/auth/sign-in-input";
import { type AuthMode, env, type SupabaseConfig } from "@/lib/env";

export const metadata: Metadata = {
  title: "Sign in",
  description: "Sign in to Likeness with your email address: no password needed.",
};

/** What /auth/confirm sends people back with when a link did not work. */
const ERRORS: Record<string, string> = {
  link_invalid:
    "That sign-in link is invalid, has expired (links last 15 minutes) or was already used. Ask for a new one below.",
  link_failed: "Supabase could not confirm that sign-in link. Ask for a new one below.",
  unavailable: "Sign-in is unavailable right now. Please try again in a moment.",
};

interface SignInPageProps {
  searchParams: Promise<{ next?: string | string[]; error?: string | string[] }>;
}

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === "string" ? params.next : undefined);
  const errorKey = typeof params.error === "string" ? params.error : undefined;
  const error = errorKey === undefined ? undefined : (ERRORS[errorKey] ?? ERRORS.link_invalid);
  const { mode, supabase } = env().auth;
  const user = await signedIn();
  const notice = error && (
    <p
      role="alert"
      data-testid="signin-link-error"
      className="rounded-2xl border border-danger/30 bg-danger-soft px-4 py-3 text-sm text-danger"
    >
      {error}
    </p>
  );

  return (
    <div className="mx-auto flex max-w-md flex-col gap-6 px-4 py-12 sm:py-20">
      <header className="space-y-2 text-center">
        <h1 className="text-3xl font-semibold tracking-tight">
          {user ? "You’re signed in" : "Sign in to Likeness"}
        </h1>
        <p className="text-pretty text-muted">
          {user
            ? "Your generations now count toward your account’s quota."
            : `Enter your email and we’ll ${mode === "supabase" ? "email you" : "give you"} a one-time sign-in link. No password needed, and a new account starts on the free tier.`}
        </p>
      </header>
      <section className="rounded-3xl border border-border bg-surface p-6 shadow-xs sm:p-8">
        {user ? (
          <SignedIn user={user} next={next} />
        ) : mode === "off" ? (
          <SignInOff />
        ) : (
          <SignInForm mode={mode} supabase={supabase} next={next} notice={notice} />
        )}
      </section>
    </div>
  );
}

/** The signed-in user, or null; a database outage shows the form rather than an error page. */
async function signedIn(): Promise<CurrentUser | null> {
  try {
    return await currentUser();
  } catch (error) {
    if (error instanceof ApiError && error.code === "service_unavailable") return null;
    throw error;
  }
}

function SignedIn({ user, next }: { user: CurrentUser; next: string }) {
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-center gap-2 text-center">
        <span className="font-medium break-all">{user.email ?? "Your account"}</span>
        <TierBadge tier={user.tier} />
      </div>
      <div className="flex flex-col gap-2 sm:flex-row sm:justify-center">
        <Link href={next === "/" ? "/generate" : next} className={buttonClasses("primary")}>
          {next === "/" ? "Generate an avatar" : "Continue"}
        </Link>
        <SignOutButton variant="secondary" size="md" />
      </div>
    </div>
  );
}

function SignInForm({
  mode,
  supabase,
  next,
  notice,
}: {
  mode: AuthMode;
  supabase: SupabaseConfig | undefined;
  next: string;
  notice: ReactNode;
}) {
  if (mode === "supabase" && supabase) {
    return (
      <SupabaseSignIn
        url={supabase.url}
        publishableKey={supabase.publishableKey}
        next={next}
        notice={notice}
      />
    );
  }
  return <LocalSignIn next={next} notice={notice} />;
}

function SignInOff() {
  return (
    <div className="space-y-2 text-sm leading-relaxed">
      <p className="font-semibold">Sign-in is turned off on this server.</p>
      <p className="text-muted">
        No Supabase project is configured, and local sign-in is off in production. You can keep
        using Likeness without an account.
      </p>
    </div>
  );
}
