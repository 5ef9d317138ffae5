// The bad-input table the fuzz suite sends to every door (lib/http/fuzz.integration.test.ts). Each case
// is one malformed request; `expect` names what the error message must mention when it is refused.

export type Shape = "kapso" | "graph" | "dashboard";

export interface Door {
  name: string;
  shape: Shape;
  headers: Record<string, string>;
  /** Endpoints that take a JSON body: method, path, and the fields the body names. */
  writes: { method: string; path: string; fields: string[] }[];
  /** Endpoints read with GET, with the query parameters they take (dates, cursors, filters). */
  reads: { path: string; dates?: string[]; cursors?: string[]; params?: string[] }[];
  /** A path with an id segment where `{id}` is put. */
  idPaths: string[];
  /** A prefix under which an unknown path must answer JSON 404 in the door's shape. */
  unknownPrefix?: string;
  /** What a write from a foreign Origin gets: 403 where a cookie or an embed's origin list applies. */
  foreignOrigin?: number[];
  /** Methods a path does not serve (must answer 405 or 404 in the door's shape). */
  wrongMethods: { method: string; path: string }[];
}

export interface Case {
  door: string;
  shape: Shape;
  what: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Send this Content-Length but only `body` (a liar: must not be waited for). */
  declaredLength?: number;
  expect?: RegExp;
  status?: number[];
}

const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
const cursor = (t: string) => Buffer.from(JSON.stringify({ t, id: "x" })).toString("base64url");

/** Bodies that are not what a JSON-object endpoint takes. */
export const BAD_BODIES: {
  what: string;
  body: string | Uint8Array;
  type?: string;
  expect?: RegExp;
  status?: number[];
}[] = [
  { what: "not JSON", body: "{not json", expect: /JSON/ },
  { what: "truncated JSON", body: '{"a":', expect: /JSON/ },
  { what: "a JSON string", body: '"hello"', expect: /object|body/i },
  { what: "a JSON number", body: "42", expect: /object|body/i },
  { what: "JSON true", body: "true", expect: /object|body/i },
  { what: "JSON null", body: "null", expect: /object|body/i },
  { what: "a JSON array", body: "[1,2]", expect: /object|body/i },
  { what: "an empty object", body: "{}" },
  { what: "arrays nested 5000 deep", body: deep(5000), expect: /deep|nest/i },
  { what: "objects nested 3000 deep", body: deepObject(3000), expect: /deep|nest/i },
  {
    what: "a NUL in a value",
    body: '{"x":"a\\u0000b","text":"a\\u0000b","name":"a\\u0000b"}',
    expect: /NUL/,
  },
  { what: "a NUL in a key", body: '{"a\\u0000b":1}', expect: /NUL/ },
  {
    what: "a lone high surrogate",
    body: '{"x":"\\ud800","text":"\\ud800","name":"\\ud800"}',
    expect: /surrogate|Unicode/i,
  },
  { what: "a lone low surrogate", body: '{"x":"\\udfff"}', expect: /surrogate|Unicode/i },
  {
    what: "invalid UTF-8 bytes",
    body: new Uint8Array([0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    expect: /UTF-8|JSON/i,
  },
  { what: "an empty body", body: "" },
  {
    what: "text/plain content type",
    body: '{"a":1}',
    type: "text/plain",
    expect: /JSON/,
    status: [400, 401, 403, 404, 405, 415, 422],
  },
  { what: "form content type", body: "a=1&b=2", type: "application/x-www-form-urlencoded", expect: /JSON/ },
  // Past every JSON limit (workflow definitions take up to 4 MB).
  {
    what: "a 5 MB string",
    body: `{"x":"${"a".repeat(5 * 1024 * 1024)}"}`,
    expect: /large|allowed/i,
    status: [401, 403, 404, 413],
  },
];

/** Values of the wrong type for a named field. */
export const WRONG_TYPES: unknown[] = [123, true, null, [], {}, "x".repeat(70_000), -1, 1e308, "2026-13-45"];

/** Dates outside what the database holds, and malformed ones, for date query parameters. */
export const BAD_DATES = [
  "99999-01-01",
  "+275760-09-13T00:00:00.000Z",
  "10000-01-01T00:00:00Z",
  "300000000000",
  "99999999999999999999",
  "-62198755200",
  "0001-01-01",
  "not a date",
  "2026-02-30T25:61:00Z",
];

/** Paging cursors that decode to out-of-range or broken values. */
export const BAD_CURSORS = [
  cursor("+010000-01-01T00:00:00.000Z"),
  cursor("-001000-01-01T00:00:00.000Z"),
  cursor("garbage"),
  "9999999999999999_x",
  "8640000000000000_abc",
  "-8640000000000000_abc",
  "%%%",
  "a".repeat(5000),
  Buffer.from("[1,2,3]").toString("base64url"),
];

/** Ids in a path segment (already encoded for the URL). */
export const BAD_IDS = [
  { what: "NUL in an id", seg: "abc%00def", expect: /NUL/ },
  { what: "lone surrogate in an id", seg: "%ED%A0%80", expect: /surrogate|Unicode|encoding/i },
  { what: "malformed percent-encoding in an id", seg: "abc%E0%A4%A", expect: /percent/i },
  { what: "a bare percent in an id", seg: "100%", expect: /percent/i },
  { what: "a 5000-character id", seg: "a".repeat(5000) },
  { what: "an unknown id", seg: "does-not-exist" },
  { what: "unicode id", seg: encodeURIComponent("ümlaut-☃") },
];

export function casesFor(door: Door): Case[] {
  const out: Case[] = [];
  const base = { door: door.name, shape: door.shape, headers: door.headers };
  for (const w of door.writes) {
    for (const b of BAD_BODIES)
      out.push({
        ...base,
        what: `${w.method} ${w.path}: ${b.what}`,
        method: w.method,
        path: w.path,
        headers: { ...door.headers, "content-type": b.type ?? "application/json" },
        body: b.body,
        expect: b.expect,
        status: b.status,
      });
    out.push({
      ...base,
      what: `${w.method} ${w.path}: declares 50 MB, sends 1 KB`,
      method: w.method,
      path: w.path,
      headers: { ...door.headers, "content-type": "application/json" },
      body: `{"x":"${"a".repeat(1000)}"}`,
      declaredLength: 50 * 1024 * 1024,
      expect: /large|allowed/i,
      status: [413, 401, 403],
    });
    if (door.foreignOrigin)
      out.push({
        ...base,
        what: `${w.method} ${w.path}: from a foreign Origin`,
        method: w.method,
        path: w.path,
        headers: { ...door.headers, "content-type": "application/json", origin: "https://evil.example" },
        body: "{}",
        expect: door.foreignOrigin.includes(403) ? /origin|site/i : undefined,
        status: door.foreignOrigin,
      });
    for (const field of w.fields)
      for (const v of WRONG_TYPES)
        out.push({
          ...base,
          what: `${w.method} ${w.path}: ${field} = ${JSON.stringify(v)?.slice(0, 20)}`,
          method: w.method,
          path: w.path,
          headers: { ...door.headers, "content-type": "application/json" },
          body: JSON.stringify(nest(field, v)),
        });
  }
  for (const r of door.reads) {
    for (const d of r.dates ?? [])
      for (const v of BAD_DATES)
        out.push({
          ...base,
          what: `GET ${r.path}?${d}=${v}`,
          method: "GET",
          path: withQuery(r.path, d, v),
          expect: /date|time|year/i,
        });
    for (const c of r.cursors ?? [])
      for (const v of BAD_CURSORS)
        out.push({
          ...base,
          what: `GET ${r.path}?${c}=${v.slice(0, 20)}`,
          method: "GET",
          path: withQuery(r.path, c, v),
        });
    for (const p of r.params ?? [])
      for (const v of [
        "-1",
        "abc",
        "1e9",
        "%00",
        "\u0000".replace("\u0000", "%00x"),
        "%ED%A0%80",
        "a".repeat(3000),
      ])
        out.push({
          ...base,
          what: `GET ${r.path}?${p}=${v.slice(0, 20)}`,
          method: "GET",
          path: `${r.path}${r.path.includes("?") ? "&" : "?"}${p}=${v}`,
        });
    out.push({
      ...base,
      what: `GET ${r.path} with malformed % in the query`,
      method: "GET",
      path: `${r.path}${r.path.includes("?") ? "&" : "?"}q=%E0%A4%A`,
      expect: /percent/i,
      status: [400],
    });
    out.push({
      ...base,
      what: `GET ${r.path} with a bare % in the query`,
      method: "GET",
      path: `${r.path}${r.path.includes("?") ? "&" : "?"}x=100%`,
      expect: /percent/i,
      status: [400],
    });
  }
  for (const p of door.idPaths)
    for (const id of BAD_IDS)
      out.push({
        ...base,
        what: `GET ${p}: ${id.what}`,
        method: "GET",
        path: p.replace("{id}", id.seg),
        expect: id.expect,
      });
  if (door.unknownPrefix)
    for (const [m, suffix] of [
      ["GET", "nope"],
      ["POST", "nope/deeper/still"],
      ["DELETE", "x"],
      ["PATCH", "a/b/c/d/e/f"],
    ] as const)
      out.push({
        ...base,
        what: `${m} unknown path ${suffix}`,
        method: m,
        path: `${door.unknownPrefix}/${suffix}`,
        headers: { ...door.headers, "content-type": "application/json" },
        body: m === "GET" ? undefined : "{}",
        status: [400, 401, 404, 405],
      });
  for (const w of door.wrongMethods)
    out.push({
      ...base,
      what: `${w.method} ${w.path} (not served)`,
      method: w.method,
      path: w.path,
      headers: { ...door.headers, "content-type": "application/json" },
      body: w.method === "GET" || w.method === "HEAD" ? undefined : "{}",
      status: [400, 401, 404, 405],
    });
  return out;
}

function withQuery(path: string, name: string, value: string): string {
  return `${path}${path.includes("?") ? "&" : "?"}${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
}

/** `a.b` → `{ a: { b: v } }`. */
function nest(field: string, v: unknown): unknown {
  return field
    .split(".")
    .reverse()
    .reduce<unknown>((acc, k) => ({ [k]: acc }), v);
}
