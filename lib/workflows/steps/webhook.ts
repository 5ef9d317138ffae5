import { z } from "zod";
import { clip, nextOutput, optionalVariable, required, type StepSpec, savedTo, str } from "./types";

export const HTTP_METHODS = ["POST", "GET", "PUT", "PATCH", "DELETE"] as const;

export const webhook: StepSpec = {
  label: "HTTP request",
  hint: "Call an HTTP endpoint",
  category: "integration",
  addable: true,
  schema: z.looseObject({
    url: required("URL", 2000).refine(
      (u) => /^(https?:\/\/|\$\{ENV:|\{\{)/.test(u),
      "URL must start with http:// or https://",
    ),
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
};
