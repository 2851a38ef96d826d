"use client";

import { type ReactNode, useActionState, useEffect, useRef, useState } from "react";
import { requestSignInLink } from "@/app/signin/actions";
import { Button, buttonClasses } from "@/components/ui/button";
import { EmailField } from "./email-field";
import { SignInControls } from "./sign-in-controls";
import { INITIAL_SIGN_IN_STATE } from "./sign-in-state";

/**
 * Local sign-in (no Supabase project): the email goes to a server action, and the one-time link it
 * returns is shown right here, since no email is sent.
 */
export function LocalSignIn({ next, notice }: { next: string; notice?: ReactNode }) {
  // A new key starts the form over (a fresh action state) for another email.
  const [attempt, setAttempt] = useState(0);
  return (
    <LocalSignInForm
      key={attempt}
      next={next}
      notice={attempt === 0 ? notice : undefined}
      onRestart={() => setAttempt((n) => n + 1)}
    />
  );
}

function LocalSignInForm({
  next,
  notice,
  onRestart,
}: {
  next: string;
  /** Shown above the form until a link is sent, e.g. why the last link did not work. */
  notice: ReactNode;
  onRestart: () => void;
}) {
  const [state, action, pending] = useActionState(requestSignInLink, INITIAL_SIGN_IN_STATE);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sent = state.status === "sent";

  useEffect(() => {
    if (sent) headingRef.current?.focus();
  }, [sent]);

  if (state.status === "sent") {
    return (
      <div data-testid="signin-sent" className="space-y-4">
        <h2
          ref={headingRef}
          tabIndex={-1}
          className="text-lg font-semibold tracking-tight focus:outline-none"
        >
          Open this link to sign in
        </h2>
        <p className="text-sm leading-relaxed text-muted">
          This local setup sends no email: the link for{" "}
          <strong className="font-semibold text-foreground">{state.email}</strong> is right here
          (and in the server log). It works once, within 15 minutes.
        </p>
        <a
          href={state.link}
          data-testid="signin-link"
          className="block rounded-2xl border border-border bg-surface-2 px-4 py-3 font-mono text-xs leading-relaxed break-all text-foreground hover:border-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
        >
          {state.link}
        </a>
        <div className="flex flex-col gap-2 sm:flex-row">
          <a
            href={state.link}
            data-testid="signin-open-link"
            className={`${buttonClasses("primary")} sm:flex-1`}
          >
            Open sign-in link
          </a>
          <Button variant="secondary" onClick={onRestart}>
            Use another email
          </Button>
        </div>
      </div>
    );
  }

  const error = state.status === "error" ? state : undefined;
  return (
    <form action={action} noValidate className="space-y-4" aria-label="Sign in">
      {notice}
      <input type="hidden" name="next" value={next} />
      <EmailField
        defaultValue={error?.email ?? ""}
        error={error?.field === "email" ? error.message : undefined}
      />
      <SignInControls
        error={error?.field === undefined ? error?.message : undefined}
        busy={pending}
        label="Get sign-in link"
        busyLabel="Creating your link…"
      />
      <p className="text-xs leading-relaxed text-muted">
        Local sign-in: no Supabase project is configured, so no email is sent and the link is shown
        on this page instead.
      </p>
    </form>
  );
}
