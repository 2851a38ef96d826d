import { downloadPath, type DownloadFormat, type VariantSize } from "@/lib/gallery/types";

const SIZES: readonly VariantSize[] = [1024, 512, 256, 128];
const FORMATS: readonly { id: DownloadFormat; label: string }[] = [
  { id: "webp", label: "WebP" },
  { id: "png", label: "PNG" },
];

/** One link per size × format; the server answers with Content-Disposition: attachment. */
export function DownloadPanel({ avatarId }: { avatarId: number }) {
  return (
    <section aria-labelledby={`download-${avatarId}`} className="space-y-2">
      <h3 id={`download-${avatarId}`} className="text-sm font-semibold">
        Download
      </h3>
      <table className="w-full text-sm">
        <thead className="sr-only">
          <tr>
            <th scope="col">Size</th>
            {FORMATS.map((f) => (
              <th key={f.id} scope="col">
                {f.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {SIZES.map((size) => (
            <tr key={size}>
              <th scope="row" className="py-1.5 pr-3 text-left font-normal text-muted tabular-nums">
                {size} × {size}
              </th>
              {FORMATS.map((format) => (
                <td key={format.id} className="py-1.5 pl-2 text-right">
                  <a
                    href={downloadPath(avatarId, size, format.id)}
                    download
                    data-testid="download-link"
                    data-size={size}
                    data-format={format.id}
                    aria-label={`Download ${size} pixel ${format.label}`}
                    className="inline-flex h-8 min-w-20 items-center justify-center gap-1.5 rounded-full border border-border bg-surface px-3 font-medium transition-colors hover:border-accent hover:bg-accent-soft hover:text-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
                  >
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
                    {format.label}
                  </a>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
