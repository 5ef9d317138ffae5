import { z } from "zod";
import { clip, nextOutput, optionalVariable, requestUrl, type StepSpec, savedTo, str } from "./types";

export const HTTP_METHODS = ["POST", "GET", "PUT", "PATCH", "DELETE"] as const;

export const webhook: StepSpec = {
  label: "HTTP request",
  hint: "Call an HTTP endpoint",
  category: "integration",
  addable: true,
  schema: z.looseObject({
    url: requestUrl("URL"),
    method: z.enum(HTTP_METHODS).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    body_template: z.string().optional(),
    save_response_to: optionalVariable("Save response to"),
  }),
  fields: {
    url: "URL",
    method: "Method",
    headers: "Headers",
    body_template: "Body",
    save_response_to: "Save response to",
  },
  defaults: () => ({ url: "", method: "POST" }),
  outputs: nextOutput,
  summary: (c) => (str(c.url) ? `${str(c.method) || "POST"} ${clip(str(c.url), 60)}` : "No URL yet"),
  writesVariables: savedTo("save_response_to"),
  async execute(c, ctx) {
    // Each {{…}} value stays one path segment or query value: the customer's words or a saved variable
    // cannot change where the request goes.
    const url = ctx.renderUrl(str(c.url)).trim();
    const method = str(c.method) || "POST";
    const headers = ctx.renderDeep((c.headers ?? {}) as Record<string, string>);
    const body = method === "GET" || method === "DELETE" ? undefined : ctx.render(str(c.body_template));
    if (body && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type"))
      headers["Content-Type"] = /^\s*[[{]/.test(body) ? "application/json" : "text/plain";
    const r = await ctx.http({ url, method, headers, body: body || undefined });
    const to = str(c.save_response_to);
    return {
      kind: "next",
      setVars: to
        ? { [to]: { status: r.status, body: r.body, ...(r.truncated ? { truncated: true } : {}) } }
        : undefined,
      detail: { method, url, status: r.status },
    };
  },
};
