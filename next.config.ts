import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Tests and benchmarks build into their own directory, so they never replace the build that a
  // running `npm start` is serving.
  distDir: process.env.LIKENESS_DIST_DIR || ".next",
  poweredByHeader: false,
  // sharp, pg and the AWS SDK are native or large server-only packages: keep them out of the bundle.
  serverExternalPackages: ["sharp", "pg", "ioredis", "@aws-sdk/client-s3"],
  // The generated avatars are served pre-sized (128/256/512/1024 WebP), so Next's optimizer adds nothing.
  images: { unoptimized: true },
};

export default nextConfig;
