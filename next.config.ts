import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite is a single in-process database: it must not be bundled twice.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg-boss"],
  experimental: { authInterrupts: true },
  poweredByHeader: false,
};

export default nextConfig;
