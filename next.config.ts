import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Tests and benchmarks build into their own directory, so they never replace the build that a
  // running `npm start` is serving.
  distDir: process.env.LIKENESS_DIST_DIR || ".next",
  poweredByHeader: false,
  // sharp, pg and the AWS SDK are native or large server-only packages: keep them out of the bundle.
  // prom-client too: its registry must be the one instance the process has (lib/observability).
  // bull-board finds its page and static assets on disk next to its package (lib/queue/board.ts).
  serverExternalPackages: [
    "sharp",
    "pg",
    "ioredis",
    "@aws-sdk/client-s3",
    "prom-client",
    "@bull-board/api",
    "@bull-board/hono",
    "@bull-board/ui",
    "@hono/node-server",
    "hono",
  ],
  // The generated avatars are served pre-sized (128/256/512/1024 WebP), so Next's optimizer adds nothing.
  images: { unoptimized: true },
  // /feed is two things, as on Pollinations: an SSE stream for curl, EventSource and scripts, and a
  // page for people. Browsers asking for HTML (and Next's own client navigations, marked `rsc`) get
  // the page (app/feed/page.tsx); every other client gets the stream.
  async rewrites() {
    return {
      beforeFiles: [
        {
          source: "/feed",
          destination: "/api/v1/feed",
          missing: [
            { type: "header", key: "accept", value: ".*text/html.*" },
            { type: "header", key: "rsc" },
          ],
        },
      ],
      afterFiles: [],
      fallback: [],
    };
  },
};

export default nextConfig;
