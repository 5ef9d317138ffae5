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
  // Nothing but the embedded inbox may be framed by another site (server.ts sets /embed/*'s policy).
  async headers() {
    return [
      {
        source: "/((?!embed/).*)",
        headers: [
          { key: "Content-Security-Policy", value: "frame-ancestors 'self'" },
          { key: "X-Frame-Options", value: "SAMEORIGIN" },
        ],
      },
    ];
  },
};

export default nextConfig;
