/** Said up front, so nobody expects FLUX output from a deployment without cloud provider keys. */
export function LocalGeneratorNote() {
  return (
    <aside
      data-testid="generate-local-note"
      className="flex gap-3 rounded-2xl border border-amber-500/30 bg-amber-500/10 px-4 py-3 text-sm"
    >
      <span aria-hidden className="mt-1.5 size-2 shrink-0 rounded-full bg-amber-500" />
      <p className="leading-relaxed">
        <strong className="font-semibold">
          Images here are made by the built-in local generator.
        </strong>{" "}
        <span className="text-muted">
          No cloud provider keys are configured, so instead of FLUX your style choice and words like
          hair colour, glasses, smiling, beard and background colour steer a DiceBear illustration.
        </span>
      </p>
    </aside>
  );
}
