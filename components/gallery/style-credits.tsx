import { AVATAR_STYLES } from "@/lib/catalog/styles";

const link = "underline decoration-border underline-offset-2 hover:decoration-accent";

/** Every style's creator and licence, as their licences ask; also the target of /gallery#credits. */
export function StyleCredits() {
  return (
    <details
      id="credits"
      className="group rounded-2xl border border-border bg-surface open:shadow-xs"
    >
      <summary className="flex cursor-pointer list-none items-center justify-between gap-3 px-4 py-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-accent [&::-webkit-details-marker]:hidden">
        <span>
          Credits &amp; licences{" "}
          <span className="font-normal text-muted">
            · {AVATAR_STYLES.length} styles by their original artists
          </span>
        </span>
        <svg
          aria-hidden
          viewBox="0 0 16 16"
          className="size-4 shrink-0 text-muted transition-transform group-open:rotate-180"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="m4 6 4 4 4-4" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </summary>
      <section aria-label="Credits" className="border-t border-border px-4 py-3">
        <ul className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
          {AVATAR_STYLES.map((style) => (
            <li key={style.id} data-testid="style-credit" data-style={style.id}>
              <span className="font-medium">{style.label}</span>{" "}
              <span className="text-muted">
                by{" "}
                <a href={style.source} target="_blank" rel="noopener noreferrer" className={link}>
                  {style.creator}
                </a>
                ,{" "}
                <a
                  href={style.license.url}
                  target="_blank"
                  rel="noopener noreferrer"
                  className={link}
                >
                  {style.license.name}
                </a>
              </span>
            </li>
          ))}
        </ul>
      </section>
    </details>
  );
}
