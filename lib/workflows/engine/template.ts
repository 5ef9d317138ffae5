import { AppError } from "@/lib/errors";
import { substituteEnv } from "../env";

/**
 * Variable substitution for a running step (kapso-spec §3.3): `${ENV:KEY}` first, with the value for
 * the execution's environment, then `{{vars.x}}`, `{{context.*}}`, `{{system.*}}`, `{{metadata.*}}`,
 * `{{last_user_input}}`, and a bare `{{name}}` as `vars.name` (the API trigger's variables). Unknown
 * references become "". Objects are written as JSON.
 */
export interface TemplateScope {
  vars: Record<string, unknown>;
  context: Record<string, unknown>;
  system: Record<string, unknown>;
  metadata: Record<string, unknown>;
  lastUserInput: string | null;
}

const REF = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;

function dig(value: unknown, path: string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export function lookup(scope: TemplateScope, ns: string, path: string[]): unknown {
  switch (ns) {
    case "vars":
      return dig(scope.vars, path);
    case "context":
      return dig(scope.context, path);
    case "system":
      return dig(scope.system, path);
    case "metadata":
      return dig(scope.metadata, path);
    case "last_user_input":
      return path.length ? undefined : (scope.lastUserInput ?? "");
    default:
      return dig(scope.vars, [ns, ...path]);
  }
}

export function asText(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return JSON.stringify(v);
}

function refValue(scope: TemplateScope, ns: string, rest: string): string {
  return asText(lookup(scope, ns, rest ? rest.slice(1).split(".") : []));
}

/** `encode`, when given, is applied to each `{{…}}` value (not to `${ENV:…}`, the operator's own). */
export function render(
  text: string,
  scope: TemplateScope,
  env: Record<string, string>,
  encode?: (value: string) => string,
): string {
  const withEnv = text.includes("${") ? substituteEnv(text, env) : text;
  if (!withEnv.includes("{{")) return withEnv;
  return withEnv.replace(REF, (_, ns: string, rest: string) => {
    const value = refValue(scope, ns, rest);
    return encode ? encode(value) : value;
  });
}

/** `.` or `..`, written or percent-encoded: URL parsers resolve these segments, moving up the path. */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * A URL template rendered with each `{{…}}` value URL-encoded as one path segment or query value: a
 * value (a variable the model saved, the customer's words) cannot add a path segment, a query, a
 * fragment or a host. `${ENV:…}` values are the operator's and stay as written. A value that makes a
 * whole path segment `.` or `..` is refused (a validation AppError): encoding cannot keep it in place,
 * since URL parsers treat `%2e%2e` as `..` too.
 */
export function renderUrl(text: string, scope: TemplateScope, env: Record<string, string>): string {
  const withEnv = text.includes("${") ? substituteEnv(text, env) : text;
  if (!withEnv.includes("{{")) return withEnv;
  // Where each value landed in the result, to tell its dot segments from ones the operator wrote.
  const spans: [number, number][] = [];
  let grown = 0;
  const url = withEnv.replace(REF, (ref: string, ns: string, rest: string, at: number) => {
    const value = encodeURIComponent(refValue(scope, ns, rest));
    spans.push([at + grown, at + grown + value.length]);
    grown += value.length - ref.length;
    return value;
  });
  const end = url.search(/[?#]/);
  let from = 0;
  for (const segment of (end < 0 ? url : url.slice(0, end)).split("/")) {
    const to = from + segment.length;
    if (DOT_SEGMENT.test(segment) && spans.some(([a, b]) => a < to && b > from))
      throw new AppError(
        "validation",
        `URL: a {{…}} value cannot make "${segment}" a whole path segment (it would move up the path)`,
      );
    from = to + 1;
  }
  return url;
}

/** Every string inside `value` rendered; the shape is kept. */
export function renderDeep<T>(value: T, scope: TemplateScope, env: Record<string, string>): T {
  if (typeof value === "string") return render(value, scope, env) as T;
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, scope, env)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, renderDeep(v, scope, env)]),
    ) as T;
  }
  return value;
}

const MASK = "[secret]";

/**
 * Hides secret values wherever they ended up (a variable set from `${ENV:KEY}`, an error message that
 * quotes a URL): what goes into events, logs and API responses passes through this first.
 */
export function redactor(secrets: readonly string[]): <T>(value: T) => T {
  const values = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return (v) => v;
  const hide = (s: string) => values.reduce((out, secret) => out.split(secret).join(MASK), s);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return hide(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return <T>(value: T) => walk(value) as T;
}
