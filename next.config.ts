import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite is a single in-process database: it must not be bundled twice.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "pg-boss",
    // The JavaScript sandbox loads its WebAssembly file from its package folder at run time.
    "quickjs-emscripten",
    "quickjs-emscripten-core",
    "@jitl/quickjs-wasmfile-release-sync",
  ],
  experimental: {
    authInterrupts: true,
    // Writing Turbopack's build cache took 11 s of a first \`npm start\` on a busy 2-core machine; a
    // rebuild after pulling changes is rare enough to compile from scratch.
    turbopackFileSystemCacheForBuild: false,
    // Workflow autosave sends the whole graph; the default 1 MB stops short of the 5,000-node limit.
    serverActions: { bodySizeLimit: "4mb" },
  },
  poweredByHeader: false,
  // CI (and `npm test`) typechecks with tsc on its own; skipping it here takes a third off a first
  // `npm start` on two cores.
  typescript: { ignoreBuildErrors: true },
  // Security headers (CSP with a per-request nonce, nosniff, Referrer-Policy, framing) are set by
  // server.ts (lib/http/security-headers.ts): headers() here would replace a route's own policy.
};

export default nextConfig;
