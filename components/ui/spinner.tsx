interface SpinnerProps {
  /** What is loading, for screen readers; omit when a visible label sits next to the spinner. */
  label?: string;
  className?: string;
}

export function Spinner({ label, className }: SpinnerProps) {
  return (
    <span
      role={label ? "status" : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      className={`inline-block size-4 animate-spin rounded-full border-2 border-current border-r-transparent ${className ?? ""}`}
    />
  );
}
