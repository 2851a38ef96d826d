/** What the local sign-in form shows after each submit (the server action's result). */
export type SignInState =
  | { status: "idle" }
  | { status: "sent"; email: string; link: string }
  | { status: "error"; email: string; message: string; field?: "email" };

export const INITIAL_SIGN_IN_STATE: SignInState = { status: "idle" };
