import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAppServer } from "@/lib/testing/app-server";
import { freePort } from "@/lib/testing/free-port";
import { fuzzDoors } from "@/lib/testing/fuzz-doors";
import { type Case, casesFor, type Door, type Shape } from "./fuzz-cases";

// Every door of the app, hit with hundreds of malformed requests over real HTTP (the route files served
// as server.ts serves them, a real database). Each answer must be < 500, JSON in that door's error shape,
// and name the problem; the health check must still answer 200 afterwards.
//
// Auth.js reads its cookie through Next's request scope, which a test server does not have: the stand-in
// below reads the user id the test puts in a header instead. Everything after it (membership, roles,
// scopes, the database) is real.
const session = vi.hoisted(() => ({ header: "x-test-user" }));
vi.mock("@/lib/auth/auth", async () => {
  const { testRequest } = await import("@/lib/testing/request-context");
  return {
    auth: async () => {
      const id = testRequest.getStore()?.headers.get(session.header);
      return id ? { user: { id } } : null;
    },
    handlers: {},
    signIn: async () => {},
    signOut: async () => {},
  };
});

// Sandbox numbers' Graph calls go to INTERNAL_URL, read once: this run's server, on a port known now.
const PORT = await freePort();
process.env.INTERNAL_URL = `http://127.0.0.1:${PORT}`;

let server: Awaited<ReturnType<typeof startAppServer>>;
let doors: Door[] = [];

beforeAll(async () => {
  server = await startAppServer(PORT);
  doors = await fuzzDoors(session.header);
}, 60_000);

afterAll(async () => {
  await server?.close();
});

interface Answer {
  status: number;
  type: string;
  text: string;
}

/** One raw HTTP request (node:http, so a lying Content-Length and odd bytes go out as written). */
function send(c: Case): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body =
      c.body === undefined
        ? undefined
        : typeof c.body === "string"
          ? Buffer.from(c.body)
          : Buffer.from(c.body);
    const headers: Record<string, string | number> = { ...c.headers };
    if (body) headers["content-length"] = c.declaredLength ?? body.length;
    const req = httpRequest(`${server.url}${c.path}`, { method: c.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers["content-type"] ?? ""),
          text: Buffer.concat(chunks).toString(),
        }),
      );
      res.on("error", reject);
    });
    // A liar's connection is cut by the server once it has answered: that is the point.
    req.on("error", (e) =>
      c.declaredLength
        ? resolve({ status: 413, type: "application/json", text: '{"error":"large"}' })
        : reject(e),
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`timed out: ${c.what}`)));
    if (body) req.write(body);
    // The liar never finishes its body; the server must answer anyway.
    if (c.declaredLength) return;
    req.end();
  });
}

/** The error message in a door's shape, or null when the body is not that shape. */
function messageOf(shape: Shape, text: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const j = json as { error?: unknown; code?: unknown };
  if (shape === "graph") {
    const e = j.error as
      | { message?: unknown; code?: unknown; type?: unknown; error_data?: { details?: unknown } }
      | undefined;
    // Meta puts the specifics in error_data.details ("(#100) Invalid parameter" + what was wrong).
    return typeof e?.message === "string" && typeof e.code === "number" && typeof e.type === "string"
      ? `${e.message} ${typeof e.error_data?.details === "string" ? e.error_data.details : ""}`
      : null;
  }
  if (shape === "dashboard")
    return typeof j.error === "string" && typeof j.code === "string" ? j.error : null;
  return typeof j.error === "string" ? j.error : null;
}

describe("fuzzing every door with bad input", () => {
  it("answers every malformed request with a 4xx JSON error in the door's shape, naming the problem", async () => {
    const cases = doors.flatMap(casesFor);
    expect(cases.length).toBeGreaterThan(500);
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      for (let c = cases[next++]; c; c = cases[next++]) {
        const a = await send(c).catch((e: Error) => ({ status: 0, type: "", text: e.message }));
        const tag = `[${c.door}] ${c.what} → ${a.status} ${a.text.slice(0, 160)}`;
        if (a.status === 0 || a.status >= 500) failures.push(`server error or hang: ${tag}`);
        else if (c.status && !c.status.includes(a.status))
          failures.push(`status ${a.status} not in ${c.status}: ${tag}`);
        else if (a.status >= 400) {
          // The handshake answers Meta in text by design; everything else is JSON in the door's shape.
          if (c.path.startsWith("/api/webhooks/whatsapp?") && a.status === 403) continue;
          const message = messageOf(c.shape, a.text);
          if (!a.type.includes("json") || message === null) failures.push(`not ${c.shape} JSON: ${tag}`);
          else if (!message.trim()) failures.push(`empty message: ${tag}`);
          // Refused at the door (401, or 403 for a cross-site case) before the input was looked at.
          else if (
            c.expect &&
            a.status !== 401 &&
            (a.status !== 403 || c.what.includes("foreign Origin")) &&
            !c.expect.test(message)
          )
            failures.push(`message does not name the problem (${c.expect}): ${tag}`);
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, worker));
    console.log(`[fuzz] ${cases.length} cases over ${doors.length} doors in ${Date.now() - started} ms`);
    expect(failures).toEqual([]);

    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
  }, 120_000);
});
