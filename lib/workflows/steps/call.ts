import { z } from "zod";
import { MAX_CALL_DEPTH } from "./limits";
import { nextOutput, optionalVariable, required, type StepSpec, savedTo, str } from "./types";

export const call: StepSpec = {
  label: "Call workflow",
  hint: "Run another workflow",
  category: "logic",
  addable: true,
  schema: z.looseObject({
    workflow_id: required("Workflow"),
    workflow_name: z.string().optional(),
    save_error_to: optionalVariable("Save error to"),
  }),
  fields: { workflow_id: "Workflow", save_error_to: "Save error to" },
  defaults: () => ({}),
  outputs: nextOutput,
  summary: (c) => str(c.workflow_name) || str(c.workflow_id) || "No workflow chosen",
  writesVariables: savedTo("save_error_to"),
  calls: (c) => str(c.workflow_id) || null,
  execute: async (c) => ({
    kind: "call",
    workflowId: str(c.workflow_id),
    saveErrorTo: str(c.save_error_to) || "subworkflow_error",
  }),
  check: (c, ctx) => {
    const target = str(c.workflow_id);
    if (!ctx.callDepth || !target) return [];
    const d = ctx.callDepth(target);
    if (d === null) {
      return [{ field: "workflow_id", code: "call_missing", message: "The called workflow does not exist" }];
    }
    if (d <= MAX_CALL_DEPTH) return [];
    return [
      {
        field: "workflow_id",
        code: "call_depth",
        message: Number.isFinite(d)
          ? `Calls nest ${d} deep; the limit is ${MAX_CALL_DEPTH}`
          : `The call recurses back into itself (deeper than ${MAX_CALL_DEPTH})`,
      },
    ];
  },
};
