import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";

// The Platform API reference, rendered on the server from the OpenAPI document the API itself serves
// (no CDN, no client script): endpoints grouped by tag, with parameters, bodies and responses.

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  description?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  additionalProperties?: boolean | Schema;
  default?: unknown;
  $ref?: string;
};
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema; description?: string };
type Operation = {
  operationId: string;
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
};
export type OpenApiDocument = {
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  tags?: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-600",
  post: "bg-emerald-600",
  patch: "bg-amber-600",
  put: "bg-amber-700",
  delete: "bg-rose-600",
};

function typeLabel(s: Schema | undefined): string {
  if (!s) return "any";
  if (s.$ref) return s.$ref.split("/").at(-1) ?? "object";
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map(typeLabel).join(" | ");
  if (s.type === "array") return `${typeLabel(s.items)}[]`;
  const t = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? (s.properties ? "object" : "any"));
  return s.format ? `${t} (${s.format})` : t;
}

function rules(s: Schema): string {
  const out: string[] = [];
  if (s.minLength !== undefined) out.push(`min length ${s.minLength}`);
  if (s.maxLength !== undefined) out.push(`max length ${s.maxLength}`);
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) out.push(`≤ ${s.maximum}`);
  if (s.pattern) out.push(`matches ${s.pattern}`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out.join(", ");
}

/** Object members of a schema, looking through unions (each member is listed once). */
function fieldsOf(s: Schema | undefined): [string, Schema, boolean][] {
  if (!s) return [];
  if (s.type === "array") return fieldsOf(s.items);
  const union = s.anyOf ?? s.oneOf ?? s.allOf;
  if (union) {
    const seen = new Map<string, [string, Schema, boolean]>();
    for (const u of union) for (const f of fieldsOf(u)) if (!seen.has(f[0])) seen.set(f[0], f);
    return [...seen.values()];
  }
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {}).map(([k, v]) => [k, v, required.has(k)]);
}

function SchemaFields({ schema, depth = 0 }: { schema: Schema | undefined; depth?: number }) {
  const fields = fieldsOf(schema);
  if (fields.length === 0) return <p className="text-xs text-muted-foreground">{typeLabel(schema)}</p>;
  return (
    <ul className={cn("space-y-1.5 text-sm", depth > 0 && "mt-1.5 border-l pl-3")}>
      {fields.map(([name, s, required]) => (
        <li key={name}>
          <code className="font-mono text-[13px] font-medium">{name}</code>
          <span className="ml-2 font-mono text-xs text-muted-foreground">{typeLabel(s)}</span>
          {required && <span className="ml-2 text-xs text-rose-600 dark:text-rose-400">required</span>}
          {(s.description || rules(s)) && (
            <span className="ml-2 text-xs text-muted-foreground">
              {[s.description, rules(s)].filter(Boolean).join(" · ")}
            </span>
          )}
          {depth < 4 && fieldsOf(s).length > 0 && <SchemaFields schema={s} depth={depth + 1} />}
        </li>
      ))}
    </ul>
  );
}

function Endpoint({ method, path, op }: { method: string; path: string; op: Operation }) {
  const body = op.requestBody?.content?.["application/json"]?.schema;
  const responses = Object.entries(op.responses ?? {});
  return (
    <details id={op.operationId} className="group rounded-lg border bg-card">
      <summary className="flex cursor-pointer list-none flex-wrap items-center gap-3 px-4 py-3">
        <span
          className={cn(
            "w-16 rounded px-2 py-0.5 text-center font-mono text-xs font-semibold uppercase text-white",
            METHOD_STYLE[method] ?? "bg-slate-600",
          )}
        >
          {method}
        </span>
        <code className="font-mono text-sm">{path}</code>
        <span className="text-sm text-muted-foreground">{op.summary}</span>
      </summary>
      <div className="space-y-5 border-t px-4 py-4">
        {op.parameters && op.parameters.length > 0 && (
          <section>
            <h4 className="mb-2 text-xs font-semibold uppercase tracking-wide text-muted-foreground">
              Parameters
            </h4>
            <ul className="space-y-1.5 text-sm">
              {op.parameters.map((p) => (
                <li key={`${p.in}:${p.name}`}>
                  <code className="font-mono text-[13px] font-medium">{p.name}</code>
                  <Badge variant="outline" className="ml-2">
                    {p.in}
                  </Badge>
                  <span className="ml-2 font-mono text-xs text-muted-foreground">{typeLabel(p.schema)}</span>
                  {p.required && (
                    <span className="ml-2 text-xs text-rose-600 dark:text-rose-400">required</span>
                  )}
                  {(p.description || (p.schema && rules(p.schema))) && (
                    <span className="ml-2 text-xs text-muted-foreground">
                      {[p.description, p.schema && rules(p.schema)].filter(Boolean).join(" · ")}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        )}
        {body && (
          <section>
            <h4 className="mb-2 text-xs font-semibold uppercase tracking-wide text-muted-foreground">
              Request body (JSON{op.requestBody?.required ? ", required" : ""})
            </h4>
            <SchemaFields schema={body} />
          </section>
        )}
        <section>
          <h4 className="mb-2 text-xs font-semibold uppercase tracking-wide text-muted-foreground">
            Responses
          </h4>
          <ul className="space-y-3">
            {responses.map(([status, r]) => {
              const schema = r.content?.["application/json"]?.schema;
              return (
                <li key={status}>
                  <span
                    className={cn(
                      "mr-2 font-mono text-sm font-semibold",
                      status.startsWith("2")
                        ? "text-emerald-700 dark:text-emerald-400"
                        : "text-rose-700 dark:text-rose-400",
                    )}
                  >
                    {status}
                  </span>
                  <span className="text-sm text-muted-foreground">{r.description}</span>
                  {status.startsWith("2") && schema && (
                    <div className="mt-1.5">
                      <SchemaFields schema={schema} />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      </div>
    </details>
  );
}

export function ApiReference({ doc }: { doc: OpenApiDocument }) {
  const tags = doc.tags?.map((t) => t.name) ?? [];
  const byTag = new Map<string, { method: string; path: string; op: Operation }[]>(tags.map((t) => [t, []]));
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) {
      const tag = op.tags?.[0] ?? "Other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)?.push({ method, path, op });
    }
  return (
    <div className="mx-auto max-w-5xl space-y-8">
      <div className="space-y-2">
        <h2 className="text-lg font-semibold">
          {doc.info.title}{" "}
          <span className="text-sm font-normal text-muted-foreground">v{doc.info.version}</span>
        </h2>
        <p className="text-sm text-muted-foreground">{doc.info.description}</p>
        <p className="text-sm">
          Base URL <code className="font-mono">{doc.servers?.[0]?.url}</code> ·{" "}
          <a className="underline underline-offset-4" href="/platform/v1/openapi.json">
            OpenAPI 3.1 document
          </a>
        </p>
        <nav aria-label="API sections" className="flex flex-wrap gap-2 pt-1">
          {[...byTag.keys()].map((t) => (
            <a
              key={t}
              href={`#tag-${t.replace(/\W+/g, "-")}`}
              className="rounded-md border px-2 py-1 text-xs hover:bg-accent"
            >
              {t}
            </a>
          ))}
        </nav>
      </div>
      {[...byTag.entries()].map(([tag, ops]) => (
        <section key={tag} id={`tag-${tag.replace(/\W+/g, "-")}`} className="space-y-2">
          <h3 className="text-base font-semibold">{tag}</h3>
          {ops.map((o) => (
            <Endpoint key={`${o.method} ${o.path}`} {...o} />
          ))}
        </section>
      ))}
    </div>
  );
}
