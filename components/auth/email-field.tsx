interface EmailFieldProps {
  defaultValue?: string;
  value?: string;
  onChange?: (value: string) => void;
  error: string | undefined;
}

/** The sign-in forms' email input, with its label and error. */
export function EmailField({ defaultValue, value, onChange, error }: EmailFieldProps) {
  return (
    <div className="space-y-2">
      <label htmlFor="signin-email" className="text-sm font-semibold">
        Email
      </label>
      <input
        id="signin-email"
        name="email"
        type="email"
        data-testid="signin-email"
        autoComplete="email"
        inputMode="email"
        spellCheck={false}
        required
        placeholder="you@example.com"
        defaultValue={defaultValue}
        value={value}
        onChange={onChange && ((event) => onChange(event.target.value))}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "signin-email-error" : undefined}
        className={`block h-11 w-full rounded-2xl border bg-surface px-4 text-base shadow-xs transition-colors placeholder:text-muted/80 focus:outline-2 focus:outline-offset-2 focus:outline-accent sm:text-sm ${
          error ? "border-danger" : "border-border"
        }`}
      />
      {error && (
        <p id="signin-email-error" data-testid="signin-email-error" className="text-sm text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
