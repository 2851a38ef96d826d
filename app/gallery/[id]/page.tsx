import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { AvatarDetail } from "@/components/gallery/avatar-detail";
import { getGalleryAvatar } from "@/lib/gallery/queries";
import { getAvatarStyle } from "@/lib/catalog/styles";

type Params = Promise<{ id: string }>;

/** Metadata and page both need the avatar; cache() makes that one query per request. */
const loadAvatar = cache(async (rawId: string) => {
  // Only canonical positive integers: "007" or "1e3" would otherwise alias real avatars.
  if (!/^[1-9]\d{0,15}$/.test(rawId)) return null;
  const id = Number(rawId);
  return Number.isSafeInteger(id) ? getGalleryAvatar(id) : null;
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const avatar = await loadAvatar((await params).id);
  if (!avatar) return { title: "Avatar not found" };
  const title = `${getAvatarStyle(avatar.style).label} avatar #${avatar.id}`;
  const image = avatar.images.webp["512"];
  return {
    title,
    description: avatar.prompt,
    // Crawlers need absolute image URLs; root-relative ones (local storage) would need a site URL.
    openGraph: /^https?:\/\//.test(image)
      ? { title, description: avatar.prompt, images: [{ url: image, width: 512, height: 512 }] }
      : { title, description: avatar.prompt },
  };
}

export default async function AvatarPage({ params }: { params: Params }) {
  const avatar = await loadAvatar((await params).id);
  if (!avatar) notFound();

  return (
    <div className="mx-auto max-w-5xl space-y-6 px-4 py-8 sm:px-6 sm:py-10">
      <Link
        href="/gallery"
        className="inline-flex items-center gap-1.5 text-sm font-medium text-muted hover:text-foreground"
      >
        <span aria-hidden>←</span> Back to the gallery
      </Link>
      <div className="rounded-3xl border border-border bg-surface p-4 shadow-xs sm:p-6">
        <AvatarDetail avatar={avatar} titleId="avatar-title" titleAs="h1" />
      </div>
    </div>
  );
}
