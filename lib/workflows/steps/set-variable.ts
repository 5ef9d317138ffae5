import { z } from "zod";
import { clip, nextOutput, type StepSpec, str, variableName } from "./types";

export const setVariable: StepSpec = {
  label: "Set variable",
  hint: "Store a value in vars",
  category: "logic",
  addable: true,
  schema: z.looseObject({
    variable_name: variableName("Variable name"),
    variable_value: z.string({ error: "Value is required" }),
    value_type: z.enum(["string", "number", "boolean", "json"]).optional(),
  }),
  fields: { variable_name: "Variable name", variable_value: "Value", value_type: "Type" },
  defaults: () => ({ variable_name: "", variable_value: "", value_type: "string" }),
  outputs: nextOutput,
  summary: (c) =>
    str(c.variable_name)
      ? `vars.${str(c.variable_name)} = ${clip(str(c.variable_value), 40)}`
      : "No variable yet",
  writesVariables: (c) => (str(c.variable_name) ? [str(c.variable_name)] : []),
};
