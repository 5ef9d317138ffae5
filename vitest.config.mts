import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const alias = { "@": fileURLToPath(new URL("./", import.meta.url)) };

export default defineConfig({
  plugins: [react()],
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          environment: "node",
          include: ["lib/**/*.test.ts", "components/**/*.test.tsx"],
          exclude: ["**/*.integration.test.ts", "node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          environment: "node",
          include: ["lib/**/*.integration.test.ts"],
          // next-auth imports "next/server" without an extension, which Node's ESM resolver refuses;
          // inlined, Vite resolves it (the Auth.js handlers run for real in the session tests).
          server: { deps: { inline: ["next-auth"] } },
          globalSetup: ["lib/testing/global-setup.ts"],
          setupFiles: ["lib/testing/setup.ts"],
          // One database for the run; tests isolate by tenant, and files run one after another.
          fileParallelism: false,
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "boot",
          environment: "node",
          // Whole server processes against the production build (run after `next build`).
          include: ["e2e/boot/**/*.boot.ts"],
          fileParallelism: false,
          testTimeout: 150_000,
        },
      },
    ],
  },
});
