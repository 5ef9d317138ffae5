// Marks a module as server-only, like React's `server-only` package, which cannot be used here: it
// throws unless loaded under the `react-server` condition, and server.ts, scripts and tests load
// these modules with tsx and vitest. The guarantee is static instead: lib/structure.test.ts fails when
// a client module ("use client", components/) imports, even indirectly, a module that imports this
// one; and should one reach a browser anyway, it throws on load.
if (typeof window !== "undefined") {
  throw new Error("A server-only module (database, secrets) was bundled for the browser.");
}

export {};
