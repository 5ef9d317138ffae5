import { z } from "zod";
import { nextOutput, optionalVariable, required, type StepSpec, savedTo, str } from "./types";

/** Longest function source a step keeps. */
export const MAX_CODE = 100_000;

export const functionStep: StepSpec = {
  label: "Function",
  hint: "Run a function",
  category: "integration",
  addable: true,
  // This version runs the JavaScript kept in the step (`code`); `function_id` is Kapso's name for it.
  schema: z.looseObject({
    code: required("Code", MAX_CODE),
    function_id: z.string().max(200).optional(),
    save_response_to: optionalVariable("Save result to"),
  }),
  fields: { code: "Code", function_id: "Function ID", save_response_to: "Save result to" },
  defaults: () => ({}),
  outputs: nextOutput,
  summary: (c) => str(c.function_id) || (str(c.code).trim() ? "JavaScript" : "No code yet"),
  writesVariables: savedTo("save_response_to"),
  async execute(c, ctx) {
    const code = str(c.code);
    if (!code.trim())
      return {
        kind: "fail",
        error: `Function ${str(c.function_id)}: this version runs the JavaScript in the step's code field (functions are not stored separately)`,
      };
    const r = await ctx.runFunction(code, { kind: "function" });
    if (!r.ok) return { kind: "fail", error: `Function: ${r.error}`, detail: { logs: r.logs } };
    const to = str(c.save_response_to);
    const setVars = { ...r.vars, ...(to ? { [to]: r.value ?? null } : {}) };
    return {
      kind: "next",
      setVars: Object.keys(setVars).length ? setVars : undefined,
      detail: r.logs.length ? { logs: r.logs } : undefined,
    };
  },
};
