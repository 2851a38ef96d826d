import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

/** The end of both sign-in forms: a form-level error, if any, and the submit button. */
export function SignInControls({
  error,
  busy,
  label,
  busyLabel,
}: {
  /** An error not tied to the email field, shown above the button. */
  error: string | undefined;
  busy: boolean;
  label: string;
  busyLabel: string;
}) {
  return (
    <>
      {error !== undefined && (
        <p
          role="alert"
          data-testid="signin-error"
          className="rounded-2xl border border-danger/30 bg-danger-soft px-4 py-3 text-sm text-danger"
        >
          {error}
        </p>
      )}
      <Button type="submit" data-testid="signin-submit" disabled={busy} className="w-full">
        {busy && <Spinner />}
        {busy ? busyLabel : label}
      </Button>
    </>
  );
}
