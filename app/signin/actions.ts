"use server";

import { headers } from "next/headers";
import { publicOriginOfHeaders } from "@/lib/api/parse";
import {
  createSignInToken,
  localAuthEnabled,
  SIGN_IN_TTL_MS,
  signInLink,
} from "@/lib/auth/local-auth";
import { emailSchema, safeNextPath } from "@/lib/auth/sign-in-input";
import type { SignInState } from "@/components/auth/sign-in-state";
import { logger } from "@/lib/observability/log";

const log = logger("auth");

/**
 * The local sign-in form's action: a one-time link for the email, returned to the page (and printed
 * in the server log) instead of being emailed. Refused unless local sign-in is on (LOCAL_AUTH).
 */
export async function requestSignInLink(
  _previous: SignInState,
  form: FormData,
): Promise<SignInState> {
  const raw = form.get("email");
  const email = typeof raw === "string" ? raw : "";
  if (!localAuthEnabled()) {
    return {
      status: "error",
      email,
      message: "Sign-in with a local link is turned off on this server.",
    };
  }
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) {
    return { status: "error", email, field: "email", message: parsed.error.issues[0]!.message };
  }
  try {
    const token = await createSignInToken(parsed.data, safeNextPath(form.get("next")));
    // The one origin rule (lib/api/origin.ts): never the Host or Origin a client made up.
    const link = signInLink(publicOriginOfHeaders(await headers()), token);
    // Local sign-in sends no email: the link is shown on screen and here, for whoever runs the stack.
    log.info(
      { email: parsed.data, link },
      `sign-in link (one use, ${SIGN_IN_TTL_MS / 60_000} min)`,
    );
    return { status: "sent", email: parsed.data, link };
  } catch (error) {
    // Almost always Redis being down; the log has the details.
    log.error({ err: error }, "could not create a sign-in link");
    return {
      status: "error",
      email,
      message: "Sign-in is unavailable right now. Please try again in a moment.",
    };
  }
}
