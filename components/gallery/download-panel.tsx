import { DownloadLink } from "@/components/ui/download-link";
import { downloadPath, type DownloadFormat } from "@/lib/gallery/types";
import { type VariantSize } from "@/lib/catalog/image-sizes";

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
                  <DownloadLink
                    href={downloadPath(avatarId, size, format.id)}
                    size={size}
                    format={format.id}
                    filename
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
