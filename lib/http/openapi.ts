import { z } from "zod";
import type { DefinedRoute, RouteSpec } from "./define-route";
import type { DocumentedResource } from "./resource";

// An OpenAPI 3.1 document built from the routes' declared zod schemas (zod 4's JSON Schema output is
// 2020-12, which is OpenAPI 3.1's dialect), so the reference cannot drift from what the code validates.

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const s = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
  delete s.$schema;
  return s;
}

const errorSchemas: Record<RouteSpec["errorShape"], Json> = {
  kapso: {
    type: "object",
    required: ["error"],
    properties: {
      error: { type: "string", description: "What went wrong, naming the field" },
      fields: { type: "object", additionalProperties: { type: "string" }, description: "Errors by field" },
    },
  },
  graph: {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["message", "type", "code"],
        properties: {
          message: { type: "string" },
          type: { type: "string" },
          code: { type: "integer" },
          error_data: { type: "object" },
          fbtrace_id: { type: "string" },
        },
      },
    },
  },
  dashboard: {
    type: "object",
    required: ["error", "code"],
    properties: {
      error: { type: "string" },
      code: { type: "string" },
      fields: { type: "object", additionalProperties: { type: "string" } },
    },
  },
};

const ERRORS: Record<string, string> = {
  "400": "Malformed request: not JSON, not an object, nested too deep, NUL or invalid Unicode",
  "401": "Missing, invalid or revoked API key",
  "404": "Not found in this project",
  "413": "Body larger than this endpoint takes",
  "415": "Body is not JSON",
  "422": "A field does not fit its rules (the message and `fields` name it)",
};

function parametersOf(path: string, spec: RouteSpec): Json[] {
  const out: Json[] = [];
  const pathNames = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
  const paramProps = (spec.params ? jsonSchema(spec.params, "input").properties : undefined) as
    | Record<string, Json>
    | undefined;
  for (const name of pathNames)
    out.push({ name, in: "path", required: true, schema: paramProps?.[name] ?? { type: "string" } });
  if (spec.query) {
    const q = jsonSchema(spec.query, "input");
    const required = new Set((q.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((q.properties ?? {}) as Record<string, Json>)) {
      const { description, ...rest } = schema;
      out.push({
        name,
        in: "query",
        required: required.has(name),
        schema: rest,
        ...(description ? { description } : {}),
      });
    }
  }
  return out;
}

function operation(path: string, tag: string, method: string, route: DefinedRoute<RouteSpec>): Json {
  const { spec } = route;
  const status = String(spec.status ?? 200);
  const ok: Json =
    status === "204"
      ? { description: "No content" }
      : {
          description: "Success",
          content: {
            "application/json": { schema: spec.response ? jsonSchema(spec.response, "output") : {} },
          },
        };
  const errors = Object.fromEntries(
    Object.entries(ERRORS)
      .filter(([code]) => spec.body || !["413", "415"].includes(code))
      .map(([code, description]) => [
        code,
        {
          description,
          content: {
            "application/json": { schema: { $ref: `#/components/schemas/${spec.errorShape}Error` } },
          },
        },
      ]),
  );
  return {
    operationId: `${method.toLowerCase()}${path.replace(/\{(\w+)\}/g, "By_$1").replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    tags: [spec.tag ?? tag],
    summary: spec.summary ?? `${method} ${path}`,
    ...(spec.description ? { description: spec.description } : {}),
    security: [{ apiKey: [] }, { bearer: [] }],
    parameters: parametersOf(path, spec),
    ...(spec.body
      ? {
          requestBody: {
            required: !spec.bodyOptional,
            content: { "application/json": { schema: jsonSchema(spec.body, "input") } },
          },
        }
      : {}),
    responses: { [status]: ok, ...errors },
  };
}

export function buildOpenApi(opts: {
  title: string;
  version: string;
  serverUrl: string;
  resources: DocumentedResource[];
}): Json {
  const paths: Record<string, Json> = {};
  const tags: string[] = [];
  for (const r of opts.resources) {
    const item: Json = paths[r.path] ?? {};
    paths[r.path] = item;
    for (const [method, route] of Object.entries(r.routes)) {
      if (!route) continue;
      const op = operation(r.path, r.tag, method, route);
      for (const t of op.tags as string[]) if (!tags.includes(t)) tags.push(t);
      item[method.toLowerCase()] = op;
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: opts.title,
      version: opts.version,
      description:
        'Kapso-compatible Platform API and the Meta proxy\'s Kapso extensions. Authenticate with a project API key in `X-API-Key` (or `Authorization: Bearer`). Errors: the Platform API answers `{ "error": "…" }`; the Meta proxy answers Graph\'s `{ "error": { message, type, code, fbtrace_id } }`.',
    },
    servers: [{ url: opts.serverUrl }],
    tags: tags.map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
        bearer: { type: "http", scheme: "bearer" },
      },
      schemas: Object.fromEntries(Object.entries(errorSchemas).map(([k, v]) => [`${k}Error`, v])),
    },
  };
}
