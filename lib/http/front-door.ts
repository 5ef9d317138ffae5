import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "@/lib/errors";
import { type ErrorShape, errorBody } from "./shapes";

// Checks server.ts runs on every request before Next's router, for inputs Next itself fails on with a
// 500: malformed percent-encoding (Next's decodeURIComponent throws) and a server action posted from
// another origin (Next refuses it by throwing). Both are the client's fault, so they get a 4xx here, in
// the error shape of the API the path belongs to. Cheap on purpose: string scans, no allocation on the
// normal path.

/** The error shape of the API a path belongs to. */
export function shapeForPath(pathname: string): ErrorShape {
  if (pathname.startsWith("/platform/")) return "kapso";
  if (pathname.startsWith("/meta/") || pathname.startsWith("/api/sandbox/graph/")) return "graph";
  return "dashboard";
}

function wellEncoded(s: string): boolean {
  if (!s.includes("%")) return true;
  try {
    decodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** What is wrong with this request before routing, or null when Next may have it. */
export function frontDoorProblem(req: IncomingMessage, trustProxy: boolean): AppError | null {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const pathname = q === -1 ? url : url.slice(0, q);
  if (!wellEncoded(pathname))
    return new AppError(
      "bad_request",
      "The URL path has malformed percent-encoding (a % not followed by two hex digits, or invalid UTF-8)",
      {
        fields: { path: "malformed percent-encoding" },
      },
    );
  if (q !== -1) {
    for (const part of url.slice(q + 1).split("&"))
      if (!wellEncoded(part.replaceAll("+", " ")))
        return new AppError("bad_request", "The query string has malformed percent-encoding", {
          fields: { query: "malformed percent-encoding" },
        });
  }
  // A server action: Next compares Origin with the host and throws (a 500) when they differ.
  if (req.method === "POST" && req.headers["next-action"]) {
    const origin = req.headers.origin;
    const forwarded = trustProxy ? req.headers["x-forwarded-host"] : undefined;
    const host =
      (typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined) ?? req.headers.host;
    if (
      origin && origin !== "null" ? hostOf(origin) !== host : req.headers["sec-fetch-site"] === "cross-site"
    )
      return new AppError(
        "forbidden",
        "Cross-origin server action refused: actions must come from Switchboard's own pages.",
      );
  }
  return null;
}

/** Answers the request when it has a front-door problem; true when it did. */
export function answerFrontDoor(req: IncomingMessage, res: ServerResponse, trustProxy: boolean): boolean {
  const problem = frontDoorProblem(req, trustProxy);
  if (!problem) return false;
  const pathname = (req.url ?? "/").split("?")[0] ?? "/";
  const text = JSON.stringify(errorBody(problem, shapeForPath(pathname)));
  res.writeHead(problem.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "x-content-type-options": "nosniff",
  });
  res.end(text);
  // Nothing of the body is wanted: let it drain without buffering.
  req.resume();
  return true;
}
