import { AppError } from "@/lib/errors";
import { readBodyLimited } from "./body";

// Checks every request input passes before any handler or database sees it. Each failure is a 400 that
// names where the problem is: PostgreSQL refuses NUL in text and ill-formed UTF-16 (a lone surrogate
// cannot be encoded), and JSON nested thousands deep overflows the stack of whatever walks it next.

/** Deeper than any body the APIs take (a workflow definition is about 6 levels). */
export const MAX_JSON_DEPTH = 64;

/** A 400 whose message names where the problem is (`field` is kept for the dashboard's forms). */
export const badRequest = (message: string, _where?: string) => new AppError("bad_request", message);

/** A text input that the database and every consumer can handle, or a 400 naming it. */
export function checkText(value: string, where: string): void {
  if (value.includes("\u0000")) throw badRequest(`${where} contains a NUL character`, where);
  if (!value.isWellFormed()) throw badRequest(`${where} contains a lone surrogate (invalid Unicode)`, where);
}

/** Walks a parsed JSON value and checks every key and string (iteratively: depth is already bounded). */
function checkStrings(root: unknown): void {
  const stack: { v: unknown; path: string }[] = [{ v: root, path: "" }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { v, path } = item;
    if (typeof v === "string") checkText(v, path || "body");
    else if (Array.isArray(v)) for (const [i, x] of v.entries()) stack.push({ v: x, path: `${path}[${i}]` });
    else if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) {
        checkText(k, `${path ? `${path}.` : ""}key`);
        stack.push({ v: x, path: path ? `${path}.${k}` : k });
      }
  }
}

/** The deepest nesting of arrays and objects in JSON text, counted without parsing (strings skipped). */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

function isJsonType(contentType: string | null): boolean {
  const t = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return t === "application/json" || (t.startsWith("application/") && t.endsWith("+json"));
}

/**
 * Reads a JSON body: Content-Type must be JSON (415), the size is bounded while streaming (413), the
 * bytes must be UTF-8 and the text JSON (400), nesting is bounded (400), strings must be storable (400),
 * and where an object is declared, anything else is a 400 before the schema runs.
 */
export async function readJson(
  req: Request,
  opts: { maxBytes: number; object?: boolean; optional?: boolean },
): Promise<unknown> {
  const declared = req.headers.get("content-length");
  const empty = declared === "0" || (!req.body && !declared);
  if (empty) {
    if (opts.optional) return undefined;
    throw badRequest("The request needs a JSON body", "body");
  }
  if (!isJsonType(req.headers.get("content-type")))
    throw new AppError("unsupported_media_type", "Send the body as JSON (Content-Type: application/json)", {
      fields: { "content-type": "must be application/json" },
    });
  const bytes = await readBodyLimited(req, opts.maxBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw badRequest("The request body is not valid UTF-8", "body");
  }
  if (!text.trim()) {
    if (opts.optional) return undefined;
    throw badRequest("The request needs a JSON body", "body");
  }
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH))
    throw badRequest(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`, "body");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest("The request body is not valid JSON", "body");
  }
  checkStrings(value);
  if (opts.object && (typeof value !== "object" || value === null || Array.isArray(value)))
    throw badRequest(
      `The request body must be a JSON object, not ${Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`}`,
      "body",
    );
  return value;
}

/** Query parameters as a plain object (the last value wins), each checked as text. */
export function readQueryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    checkText(k, "query parameter name");
    checkText(v, k);
    out[k] = v;
  }
  return out;
}

/** Path parameters from Next (already percent-decoded), each checked as text. */
export function checkParams(params: Record<string, string | string[]>): void {
  for (const [k, v] of Object.entries(params))
    for (const s of Array.isArray(v) ? v : [v]) checkText(s, k === "path" ? "path" : k);
}
