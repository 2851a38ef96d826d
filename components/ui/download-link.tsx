const linkClass =
  "inline-flex h-8 min-w-20 items-center justify-center gap-1.5 rounded-full border border-border bg-surface px-3 font-medium transition-colors hover:border-accent hover:bg-accent-soft hover:text-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent";

function DownloadIcon() {
  return (
    <svg
      aria-hidden
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.75"
      strokeLinecap="round"
      strokeLinejoin="round"
      className="size-3.5"
    >
      <path d="M8 2v8m0 0 3-3m-3 3L5 7M3 13h10" />
    </svg>
  );
}

/** One "download this size in this format" pill, as the gallery and the generate page show them. */
export function DownloadLink({
  href,
  size,
  format,
  filename,
}: {
  href: string;
  size: number;
  format: "webp" | "png";
  /** Suggested file name; `true` lets the server's Content-Disposition name it. */
  filename: string | true;
}) {
  const label = format === "png" ? "PNG" : "WebP";
  return (
    <a
      href={href}
      // Honoured for same-origin URLs (the app's own routes); a separate public bucket domain would
      // open the image instead, which still lets the user save it.
      download={filename === true ? "" : filename}
      data-testid="download-link"
      data-size={size}
      data-format={format}
      aria-label={`Download ${size} pixel ${label}`}
      className={linkClass}
    >
      <DownloadIcon />
      {label}
    </a>
  );
}
