import { z } from "zod";
import { nextOutput, optionalVariable, required, type StepSpec, savedTo, str } from "./types";

export const functionStep: StepSpec = {
  label: "Function",
  hint: "Run a function",
  category: "integration",
  addable: true,
  schema: z.looseObject({
    function_id: required("Function ID"),
    save_response_to: optionalVariable("Save result to"),
  }),
  fields: { function_id: "Function ID", save_response_to: "Save result to" },
  defaults: () => ({}),
  outputs: nextOutput,
  summary: (c) => str(c.function_id) || "No function chosen",
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
