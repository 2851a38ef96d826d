import { DownloadLink } from "@/components/ui/download-link";
import type { GenerationView } from "@/lib/generations/present";

type Images = NonNullable<GenerationView["images"]>;

const WEBP_SIZES = ["1024", "512", "256", "128"] as const;

/**
 * The stored files as they are: a WebP at each standard size up to the image's own (never upscaled),
 * and the PNG only at the size the image was generated at (the generations API has no per-size PNG
 * download, unlike the gallery's). The WebPs follow the original by a moment; until then they say so.
 */
export function GenerationDownloads({ view, images }: { view: GenerationView; images: Images }) {
  const base = `likeness-${view.id.slice(0, 8)}`;
  const long = Math.max(view.width, view.height);
  const scaled = (s: number) =>
    `${Math.round((view.width * s) / long)} × ${Math.round((view.height * s) / long)}`;
  const sizes = WEBP_SIZES.filter((s) => Number(s) <= long);
  const rows: { label: string; webp?: (typeof WEBP_SIZES)[number]; png: boolean; size: number }[] =
    sizes.map((s) => ({
      label: scaled(Number(s)),
      webp: s,
      png: Number(s) === long,
      size: Number(s),
    }));
  if (!sizes.some((s) => Number(s) === long)) {
    rows.unshift({ label: `${view.width} × ${view.height}`, png: true, size: long });
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
          {rows.map((row) => {
            const webp = row.webp && images.webp[row.webp];
            return (
              <tr key={row.label}>
                <th
                  scope="row"
                  className="py-1.5 pr-3 text-left font-normal text-muted tabular-nums"
                >
                  {row.label}
                </th>
                <td className="py-1.5 pl-2 text-right">
                  {row.webp && webp ? (
                    <DownloadLink
                      href={webp}
                      size={row.size}
                      format="webp"
                      filename={`${base}-${row.webp}.webp`}
                    />
                  ) : row.webp && images.variants_pending ? (
                    <span className="text-xs text-muted" data-testid="generate-webp-pending">
                      WebP in a moment…
                    </span>
                  ) : null}
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
            );
          })}
        </tbody>
      </table>
      <p className="text-xs text-muted">
        The PNG is the original at {view.width} × {view.height}; WebP comes in every standard size
        up to it.
      </p>
    </section>
  );
}
