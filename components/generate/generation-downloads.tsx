import { DownloadLink } from "@/components/ui/download-link";
import type { GenerationView } from "@/lib/generations/present";

type Images = NonNullable<GenerationView["images"]>;

const WEBP_SIZES = ["1024", "512", "256", "128"] as const;

/**
 * The stored files as they are: a WebP at each variant size, and the PNG only at the size the
 * image was generated at (the generations API has no per-size PNG download, unlike the gallery's).
 */
export function GenerationDownloads({ view, images }: { view: GenerationView; images: Images }) {
  const base = `likeness-${view.id.slice(0, 8)}`;
  const pngRow = WEBP_SIZES.find((s) => Number(s) === view.width && view.width === view.height);
  const rows: { label: string; webp?: (typeof WEBP_SIZES)[number]; png: boolean; size: number }[] =
    WEBP_SIZES.map((s) => ({ label: `${s} × ${s}`, webp: s, png: s === pngRow, size: Number(s) }));
  if (!pngRow) {
    rows.push({ label: `${view.width} × ${view.height}`, png: true, size: view.width });
  }

  return (
    <section aria-labelledby="generate-download-title" className="space-y-2">
      <h3 id="generate-download-title" className="text-sm font-semibold">
        Download
      </h3>
      <table className="w-full text-sm">
        <thead className="sr-only">
          <tr>
            <th scope="col">Size</th>
            <th scope="col">WebP</th>
            <th scope="col">PNG</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row" className="py-1.5 pr-3 text-left font-normal text-muted tabular-nums">
                {row.label}
              </th>
              <td className="py-1.5 pl-2 text-right">
                {row.webp && (
                  <DownloadLink
                    href={images.webp[row.webp]}
                    size={row.size}
                    format="webp"
                    filename={`${base}-${row.webp}.webp`}
                  />
                )}
              </td>
              <td className="py-1.5 pl-2 text-right">
                {row.png && (
                  <DownloadLink
                    href={images.png}
                    size={row.size}
                    format="png"
                    filename={`${base}-${view.width}.png`}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-muted">
        The PNG is the original at {view.width} × {view.height}; WebP comes in every size.
      </p>
    </section>
  );
}
