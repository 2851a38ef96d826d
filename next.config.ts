import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // sharp, pg and the AWS SDK are native or large server-only packages: keep them out of the bundle.
  serverExternalPackages: ["sharp", "pg", "ioredis", "@aws-sdk/client-s3"],
  // The generated avatars are served pre-sized (128/256/512/1024 WebP), so Next's optimizer adds nothing.
  images: { unoptimized: true },
};

export default nextConfig;
