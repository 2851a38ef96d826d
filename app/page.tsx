import Link from "next/link";
import { connection } from "next/server";
import { AvatarStrip } from "@/components/gallery/avatar-strip";
import { buttonClasses } from "@/components/ui/button";
import { ApiError } from "@/lib/api/errors";
import { listGallery } from "@/lib/gallery/queries";
import type { GalleryAvatar } from "@/lib/gallery/types";
import { AVATAR_STYLES } from "@/lib/catalog/styles";

const FEATURES = [
  {
    title: `${AVATAR_STYLES.length} illustration styles`,
    body: "From pixel art to hand-drawn portraits, each style by its original artist.",
  },
  {
    title: "Search and filter",
    body: "Look avatars up by what they show, or narrow the gallery down to one style.",
  },
  {
    title: "Download any size",
    body: "128 to 1024 pixels, as WebP or PNG, straight from each avatar’s page.",
  },
  {
    title: "Credits included",
    body: "Every avatar shows its style’s creator and licence, so you know how to use it.",
  },
] as const;

/** A teaser row; the home page stays useful (without it) when the database is down. */
async function loadTeaser(): Promise<GalleryAvatar[] | null> {
  try {
    return (await listGallery({ q: undefined, limit: 12 })).data;
  } catch (error) {
    if (error instanceof ApiError && error.code === "service_unavailable") return null;
    throw error;
  }
}

export default async function HomePage() {
  // Rendered per request: the teaser reads the database, which does not exist at build time.
  await connection();
  const teaser = await loadTeaser();

  return (
    <div className="mx-auto max-w-7xl px-4 sm:px-6">
      <section className="flex flex-col items-center gap-6 py-16 text-center sm:py-24">
        <h1 className="max-w-3xl text-4xl font-semibold tracking-tight text-balance sm:text-6xl">
          A ready-made avatar for{" "}
          <span className="bg-linear-to-r from-accent to-fuchsia-500 bg-clip-text text-transparent">
            every profile
          </span>
        </h1>
        <p className="max-w-2xl text-lg text-pretty text-muted">
          Likeness is a gallery of pre-generated avatars for profiles, teams and placeholders.
          Browse it by style, search it by what you need, and download the one you like.
        </p>
        <div className="flex flex-wrap justify-center gap-3">
          <Link href="/gallery" className={buttonClasses("primary")}>
            Browse the gallery
          </Link>
          <Link href="/generate" className={buttonClasses("secondary")}>
            Generate your own
          </Link>
          <Link href="/gallery#credits" className={buttonClasses("ghost")}>
            Credits &amp; licences
          </Link>
        </div>
      </section>

      <section aria-labelledby="teaser-title" className="space-y-4">
        <div className="flex items-baseline justify-between gap-4">
          <h2 id="teaser-title" className="text-lg font-semibold">
            Fresh from the gallery
          </h2>
          <Link href="/gallery" className="text-sm font-medium text-accent hover:underline">
            See all →
          </Link>
        </div>
        {teaser === null ? (
          <p className="rounded-2xl border border-dashed border-border px-4 py-8 text-center text-sm text-muted">
            The gallery is temporarily unavailable. Please check back in a moment.
          </p>
        ) : teaser.length === 0 ? (
          <p className="rounded-2xl border border-dashed border-border px-4 py-8 text-center text-sm text-muted">
            No avatars yet. They appear here once the gallery has been seeded.
          </p>
        ) : (
          <AvatarStrip avatars={teaser} />
        )}
      </section>

      <section aria-label="What you get" className="grid gap-4 py-16 sm:grid-cols-2 lg:grid-cols-4">
        {FEATURES.map((feature) => (
          <div key={feature.title} className="rounded-2xl border border-border bg-surface p-5">
            <h3 className="font-semibold">{feature.title}</h3>
            <p className="mt-1.5 text-sm text-muted">{feature.body}</p>
          </div>
        ))}
      </section>
    </div>
  );
}
