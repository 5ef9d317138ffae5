import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The shape of the tree, checked on every `npm test` (in the spirit of rallly's feature-structure
// checks). Imports are read with the TypeScript parser, so comments, strings and type positions are
// told apart from real imports. Test files are left out: a test may reach across folders to set up.

const ROOT = path.resolve(__dirname, "..");

/**
 * lib/ folder pairs still allowed to import each other, as "a<->b". It may only shrink: the test fails
 * when an entry is no longer needed, so a fixed cycle cannot come back unnoticed.
 */
const ALLOWED_FOLDER_CYCLES: string[] = [];

/** Infrastructure that talks to the database without being a domain's data or mutation module. */
const DB_INFRASTRUCTURE = new Set([
  "app/api/health/route.ts", // the health check's one query
  "lib/auth/auth.ts", // Auth.js configuration (credentials sign-in)
  "lib/db/init.ts",
  "lib/events/dispatcher.ts", // the outbox's claim loop
  "lib/boot/jobs-runtime.ts", // the job runtime
  "lib/jobs/enqueue.ts", // pg-boss rows written in the caller's transaction
  "lib/realtime/server.ts", // socket authentication
  "server.ts", // boot: migrations, demo seed, shutdown
]);

/**
 * Modules that still query the database under another name, owned by work in flight elsewhere (the
 * security, workflows, events and HTTP changes). It may only shrink, like the cycle list.
 */
const DB_PENDING_SPLIT = new Set([
  "lib/auth/rate-limit.ts",
  "lib/auth/session.ts",
  "lib/projects/demo.ts",
  "lib/sandbox/assets.ts",
  "lib/sandbox/customer.ts",
  "lib/sandbox/phone.ts",
  "lib/sandbox/simulator.ts",
  "lib/templates/sync.ts",
  "lib/workflows/env-variables.ts",
  "lib/workflows/test-send.ts",
  "lib/workflows/triggers.ts",
]);

/** Data and mutation modules by name: data.ts, mutations.ts, store.ts, or <what>-data|-mutations|-store.ts. */
const DATA_MODULE = /(^|\/)((data|mutations|store)|[a-z0-9-]+-(data|mutations|store))\.ts$/;

/**
 * Folders that run sockets and jobs; every other lib folder is a domain that emits events instead.
 * lib/boot is the composition root (every domain's jobs and subscribers, the job runtime): only
 * server.ts and the test harness import it.
 */
const RUNTIME_FOLDERS = new Set(["realtime", "jobs", "testing", "boot"]);
const SOCKET_SERVER = "lib/realtime/server.ts";
const JOB_RUNTIME = "lib/boot/jobs-runtime.ts";

interface Import {
  specifier: string;
  /** Resolved to a repository path, or null for packages. */
  target: string | null;
  typeOnly: boolean;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...listFiles(rel));
    else if (/\.tsx?$/.test(name) && !/\.d\.ts$/.test(name)) out.push(rel);
  }
  return out;
}

const isTest = (f: string) => /\.test\.tsx?$/.test(f);

function resolve(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.posix.join(path.posix.dirname(from), specifier);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    const abs = path.join(ROOT, candidate);
    if (existsSync(abs) && statSync(abs).isFile()) return candidate;
  }
  return base;
}

const parsed = new Map<string, { imports: Import[]; text: string }>();

function parse(file: string) {
  const hit = parsed.get(file);
  if (hit) return hit;
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const imports: Import[] = [];
  const add = (node: ts.Expression | undefined, typeOnly: boolean) => {
    if (node && ts.isStringLiteralLike(node))
      imports.push({ specifier: node.text, target: resolve(file, node.text), typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const allNamedTypes =
        !!bindings &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((e) => e.isTypeOnly) &&
        !clause?.name;
      add(node.moduleSpecifier, !!clause && (clause.isTypeOnly || allNamedTypes));
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal as ts.Expression, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const entry = { imports, text };
  parsed.set(file, entry);
  return entry;
}

const libFiles = listFiles("lib").filter((f) => !isTest(f));
const appFiles = listFiles("app").filter((f) => !isTest(f));
const componentFiles = listFiles("components").filter((f) => !isTest(f));
const sourceFiles = [...libFiles, ...appFiles, ...componentFiles, "server.ts"];

/** lib/<folder>/… → folder; lib/<file>.ts → the file's name (a leaf such as errors or env). */
const libUnit = (file: string) => file.split("/")[1]?.replace(/\.tsx?$/, "") ?? "";

function folderGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of libFiles) {
    const from = libUnit(file);
    for (const imp of parse(file).imports) {
      if (!imp.target?.startsWith("lib/")) continue;
      const to = libUnit(imp.target);
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      edges.set(to, [...(edges.get(to) ?? []), file]);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Strongly connected components with more than one folder (Tarjan). */
function cycles(graph: Map<string, Map<string, string[]>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe("structure", () => {
  it("parses real imports only (sanity check of the parser)", () => {
    const { imports } = parse("lib/structure.test.ts");
    expect(imports.map((i) => i.specifier)).toEqual(["node:fs", "node:path", "typescript", "vitest"]);
    expect(parse("lib/conversations/data.ts").imports.some((i) => i.target === "lib/db/client.ts")).toBe(
      true,
    );
  });

  it("has no import cycles between lib/ folders", () => {
    const graph = folderGraph();
    const found = cycles(graph).map((scc) => {
      // Name the files behind each edge inside the cycle, so the message says what to move.
      const edges = scc.flatMap((a) =>
        scc
          .filter((b) => graph.get(a)?.has(b))
          .map((b) => `${a} -> ${b} (${[...new Set(graph.get(a)?.get(b))].join(", ")})`),
      );
      return { scc, edges };
    });
    const pairs = new Set(
      found.flatMap(({ scc }) => scc.flatMap((a) => scc.filter((b) => a < b).map((b) => `${a}<->${b}`))),
    );
    const unexpected = found.filter(({ scc }) =>
      scc.some((a) => scc.some((b) => a < b && !ALLOWED_FOLDER_CYCLES.includes(`${a}<->${b}`))),
    );
    expect(unexpected.flatMap((c) => c.edges)).toEqual([]);
    // The allow-list only shrinks: an entry that is no longer a cycle must be deleted.
    expect(ALLOWED_FOLDER_CYCLES.filter((p) => !pairs.has(p))).toEqual([]);
  });

  it("keeps lib free of app/ and components/", () => {
    // lib/testing is the test harness: it mounts app routes on a real HTTP server.
    const bad = libFiles
      .filter((f) => libUnit(f) !== "testing")
      .flatMap((file) =>
        parse(file)
          .imports.filter((i) => i.target?.startsWith("app/") || i.target?.startsWith("components/"))
          .map((i) => `${file} imports ${i.specifier}`),
      );
    expect(bad).toEqual([]);
  });

  it("lets only data and mutation modules (and named infrastructure) use the database client", () => {
    const users = sourceFiles.filter((file) =>
      parse(file).imports.some((i) => i.target === "lib/db/client.ts" && !i.typeOnly),
    );
    const misplaced = users.filter(
      (f) =>
        !f.startsWith("lib/db/") &&
        libUnit(f) !== "testing" &&
        !DATA_MODULE.test(f) &&
        !DB_INFRASTRUCTURE.has(f),
    );
    expect(misplaced.filter((f) => !DB_PENDING_SPLIT.has(f))).toEqual([]);
    expect([...DB_PENDING_SPLIT].filter((f) => !misplaced.includes(f))).toEqual([]);
    // Every module that reaches the database says so, which the client-bundle check below relies on.
    const unmarked = users.filter(
      (f) =>
        !f.startsWith("lib/db/") &&
        libUnit(f) !== "testing" &&
        f !== "server.ts" &&
        !parse(f).imports.some((i) => i.target === "lib/server-only.ts"),
    );
    expect(unmarked).toEqual([]);
  });

  it("never bundles a server-only module for the browser", () => {
    const serverOnly = (f: string) =>
      f === "lib/db/client.ts" || parse(f).imports.some((i) => i.target === "lib/server-only.ts");
    const clientRoots = sourceFiles.filter(
      (f) => f.startsWith("components/") || /^\s*["']use client["']/.test(parse(f).text),
    );
    const leaks: string[] = [];
    for (const root of clientRoots) {
      const seen = new Set<string>();
      const walk = (file: string, trail: string[]) => {
        if (seen.has(file) || !existsSync(path.join(ROOT, file))) return;
        seen.add(file);
        if (serverOnly(file)) {
          leaks.push([...trail, file].join(" -> "));
          return;
        }
        // Server actions run on the server: a client may import them; their own imports stay there.
        if (file !== root && /^\s*["']use server["']/.test(parse(file).text)) return;
        for (const i of parse(file).imports)
          if (i.target && !i.typeOnly && /\.tsx?$/.test(i.target)) walk(i.target, [...trail, file]);
      };
      walk(root, []);
    }
    expect(leaks).toEqual([]);
  });

  it("keeps lib/ingest a door: only the job runtime and the server reach into it", () => {
    // Senders (operator, API, workflows, broadcasts) use lib/messages; nothing outbound imports ingest.
    const bad = libFiles
      .filter((f) => !["ingest", "jobs", "testing", "boot"].includes(libUnit(f)))
      .flatMap((file) =>
        parse(file)
          .imports.filter((i) => i.target?.startsWith("lib/ingest/"))
          .map((i) => `${file} imports ${i.specifier}`),
      );
    expect(bad).toEqual([]);
  });

  it("keeps domains away from the socket server and the job runtime", () => {
    const bad = libFiles
      .filter((f) => !RUNTIME_FOLDERS.has(libUnit(f)))
      .flatMap((file) =>
        parse(file)
          .imports.filter(
            (i) =>
              !i.typeOnly &&
              (i.target === SOCKET_SERVER || i.target === JOB_RUNTIME || i.specifier === "pg-boss"),
          )
          .map((i) => `${file} imports ${i.specifier}`),
      );
    expect(bad).toEqual([]);
  });
});
