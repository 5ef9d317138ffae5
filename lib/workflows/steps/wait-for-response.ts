import { z } from "zod";
import { optionalVariable, type StepSpec, savedTo, str } from "./types";

export const WAIT_TIMEOUT_MIN = 10;
export const WAIT_TIMEOUT_MAX = 604_800;

export const waitForResponse: StepSpec = {
  label: "Wait for response",
  hint: "Pause until they reply",
  category: "wait",
  addable: true,
  schema: z
    .looseObject({
      save_response_to: optionalVariable("Save reply to"),
      has_timeout: z.boolean().optional(),
      timeout_seconds: z
        .number({ error: "Timeout must be a number" })
        .int("Timeout must be whole seconds")
        .min(WAIT_TIMEOUT_MIN, `Timeout must be at least ${WAIT_TIMEOUT_MIN} seconds`)
        .max(WAIT_TIMEOUT_MAX, `Timeout can be at most ${WAIT_TIMEOUT_MAX} seconds (7 days)`)
        .optional(),
    })
    .superRefine((c, ctx) => {
      if (c.has_timeout && c.timeout_seconds === undefined) {
        ctx.addIssue({ code: "custom", path: ["timeout_seconds"], message: "Timeout is required" });
      }
    }),
  fields: { save_response_to: "Save reply to", timeout_seconds: "Timeout" },
  defaults: () => ({ save_response_to: "", has_timeout: false }),
  outputs: (c) =>
    c.has_timeout
      ? [
          { id: "response", label: "response" },
          { id: "timeout", label: "timeout" },
        ]
      : [{ id: "response", label: "response" }],
  summary: (c) => {
    const t =
      typeof c.timeout_seconds === "number" && c.has_timeout ? ` · timeout ${c.timeout_seconds}s` : "";
    return `${str(c.save_response_to) ? `→ vars.${str(c.save_response_to)}` : "Waits for a reply"}${t}`;
  },
  waitsForContact: () => true,
  writesVariables: savedTo("save_response_to"),
  execute: async (c) => ({
    kind: "wait",
    timeoutSeconds: c.has_timeout && typeof c.timeout_seconds === "number" ? c.timeout_seconds : null,
  }),
  resume: (c, r) => {
    if (r.reason === "timeout") return { output: "timeout" };
    const to = str(c.save_response_to);
    return { output: "response", setVars: to ? { [to]: r.input?.text ?? "" } : undefined };
  },
};
