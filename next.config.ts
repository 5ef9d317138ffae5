import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite is a single in-process database: it must not be bundled twice.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg-boss"],
  experimental: {
    authInterrupts: true,
    // Workflow autosave sends the whole graph; the default 1 MB stops short of the 5,000-node limit.
    serverActions: { bodySizeLimit: "4mb" },
  },
  poweredByHeader: false,
};

export default nextConfig;
