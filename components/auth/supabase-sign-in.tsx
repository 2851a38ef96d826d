"use client";

import { supabaseBrowserClient } from "@/lib/supabase/browser";
import { type FormEvent, type ReactNode, useState } from "react";
import { emailSchema } from "@/lib/auth/sign-in-input";
import { EmailField } from "./email-field";
import { SignInControls } from "./sign-in-controls";

interface SupabaseSignInProps {
  /** The project URL and publishable key: public values, passed from the server at run time. */
  url: string;
  publishableKey: string;
  next: string;
  /** Shown above the form until a link is sent, e.g. why the last link did not work. */
  notice?: ReactNode;
}

type State =
  | { status: "idle" }
  | { status: "sending" }
  | { status: "sent"; email: string }
  | { status: "error"; message: string; field?: "email" };

/**
 * Supabase Auth's magic link: Supabase emails the link, which comes back to /auth/confirm. The PKCE
 * verifier is kept in a cookie of this browser, so the link has to be opened here.
 */
export function SupabaseSignIn({ url, publishableKey, next, notice }: SupabaseSignInProps) {
  const [email, setEmail] = useState("");
  const [state, setState] = useState<State>({ status: "idle" });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) {
      setState({ status: "error", field: "email", message: parsed.error.issues[0]!.message });
      return;
    }
    setState({ status: "sending" });
    const supabase = supabaseBrowserClient(url, publishableKey);
    const redirect = new URL("/auth/confirm", window.location.origin);
    redirect.searchParams.set("next", next);
    const { error } = await supabase.auth.signInWithOtp({
      email: parsed.data,
      options: { emailRedirectTo: redirect.toString(), shouldCreateUser: true },
    });
    setState(
      error
        ? { status: "error", message: `Supabase could not send the link: ${error.message}` }
        : { status: "sent", email: parsed.data },
    );
  }

  if (state.status === "sent") {
    return (
      <div role="status" data-testid="signin-sent" className="space-y-3">
        <h2 className="text-lg font-semibold tracking-tight">Check your email</h2>
        <p className="text-sm leading-relaxed text-muted">
          We sent a sign-in link to{" "}
          <strong className="font-semibold text-foreground">{state.email}</strong>. Open it in this
          browser to finish signing in. Nothing there? Check your spam folder, or{" "}
          <button
            type="button"
            onClick={() => setState({ status: "idle" })}
            className="font-medium text-accent underline underline-offset-2"
          >
            try again
          </button>
          .
        </p>
      </div>
    );
  }

  const error = state.status === "error" ? state : undefined;
  const sending = state.status === "sending";
  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Sign in">
      {state.status === "idle" && notice}
      <EmailField
        value={email}
        onChange={setEmail}
        error={error?.field === "email" ? error.message : undefined}
      />
      <SignInControls
        error={error?.field === undefined ? error?.message : undefined}
        busy={sending}
        label="Email me a sign-in link"
        busyLabel="Sending…"
      />
    </form>
  );
}
