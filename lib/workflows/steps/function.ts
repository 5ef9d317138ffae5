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
};
