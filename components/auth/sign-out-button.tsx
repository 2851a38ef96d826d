import { Button } from "@/components/ui/button";

/**
 * Signing out is a POST (a plain form, no script needed): a link would let any page, or a prefetch,
 * sign the visitor out.
 */
export function SignOutButton({
  className,
  testId = "signout",
  variant = "ghost",
  size = "sm",
}: {
  className?: string;
  testId?: string;
  variant?: "secondary" | "ghost";
  size?: "sm" | "md";
}) {
  return (
    <form action="/auth/signout" method="post" className={className}>
      <Button
        type="submit"
        variant={variant}
        size={size}
        data-testid={testId}
        className={size === "md" ? "w-full" : undefined}
      >
        Sign out
      </Button>
    </form>
  );
}
