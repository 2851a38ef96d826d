import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { env } from "@/lib/env";
import "./globals.css";

const title = "Likeness: avatar gallery";
const description =
  "Browse, search and download thousands of ready-made avatars in a dozen illustration styles.";
const preview = {
  url: "/og.png",
  width: 1200,
  height: 630,
  alt: "Likeness and nine of its avatars",
};

export function generateMetadata(): Metadata {
  const { appUrl } = env();
  return {
    // Social previews need absolute image URLs: the public origin when configured, else Next's
    // default (localhost and the port).
    metadataBase: appUrl === undefined ? undefined : new URL(appUrl),
    title: { default: title, template: "%s · Likeness" },
    description,
    manifest: "/manifest.webmanifest",
    openGraph: { type: "website", siteName: "Likeness", title, description, images: [preview] },
    twitter: { card: "summary_large_image", title, description, images: [preview] },
  };
}

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8f7fb" },
    { media: "(prefers-color-scheme: dark)", color: "#0f0e14" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-full focus:bg-accent focus:px-4 focus:py-2 focus:text-accent-foreground"
        >
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="flex-1">
          {children}
        </main>
        <SiteFooter localGeneratorOnly={env().localGeneratorOnly} />
      </body>
    </html>
  );
}
