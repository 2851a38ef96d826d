import type { Metadata } from "next";
import { connection } from "next/server";
import { GenerateStudio } from "@/components/generate/generate-studio";
import type { StyleSamples } from "@/components/generate/style-picker";
import { env } from "@/lib/env";
import { listGallery } from "@/lib/gallery/queries";
import { AVATAR_STYLES } from "@/lib/catalog/styles";

export const metadata: Metadata = {
  title: "Generate an avatar",
  description:
    "Describe an avatar, pick one of a dozen illustration styles, and download it in any size as WebP or PNG.",
};

const SAMPLES_TTL_MS = 10 * 60_000;
let samplesCache: { at: number; value: StyleSamples } | undefined;

/**
 * The newest gallery avatar of each style, as the style picker's pictures. Twelve one-row queries,
 * so they are kept for a few minutes; a database that is down costs the pictures, never the page.
 */
async function loadStyleSamples(): Promise<StyleSamples> {
  if (samplesCache && Date.now() - samplesCache.at < SAMPLES_TTL_MS) return samplesCache.value;
  try {
    const pages = await Promise.all(
      AVATAR_STYLES.map((style) => listGallery({ style: style.id, q: undefined, limit: 1 })),
    );
    const value: StyleSamples = {};
    AVATAR_STYLES.forEach((style, i) => {
      const first = pages[i]?.data[0];
      if (first) value[style.id] = first.images.webp["128"];
    });
    samplesCache = { at: Date.now(), value };
    return value;
  } catch {
    return {};
  }
}

export default async function GeneratePage() {
  // Per request: whether cloud providers are configured is a runtime setting, not a build-time one.
  await connection();
  // Not awaited: the form renders at once and the style pictures stream in when the query is done.
  const styleSamples = loadStyleSamples();

  return (
    <div className="mx-auto max-w-7xl px-4 py-8 sm:px-6 sm:py-10">
      <header className="mb-8 space-y-1.5">
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Generate an avatar</h1>
        <p className="max-w-2xl text-muted">
          Describe who it shows, pick a style, and get a unique avatar in a few seconds, ready to
          download in any size.
        </p>
      </header>
      <GenerateStudio localGeneratorOnly={env().localGeneratorOnly} styleSamples={styleSamples} />
    </div>
  );
}
